# wrong: copy.copy makes a shallow copy whose weights dict is still the shared model's, so adding a word changes it for every session; don't mutate the model, keep the words in st.session_state.
# task: 2
# expect-check: What a tab adds counts there, and never in another tab
# expect-message: `copy.copy` makes a shallow copy
import copy

import streamlit as st

import speedlit


@st.cache_resource
def load_model():
    return speedlit.load_sentiment_model()  # 2 s: reading the model's weights from disk


st.title("Review sentiment")
if "model" not in st.session_state:
    st.session_state.model = copy.copy(load_model())  # my own copy of the model
model = st.session_state.model
review = st.text_input("Review", "Great food, friendly staff, but slow delivery")

with st.form("teach"):
    word = st.text_input("Word")
    weight = st.slider("Weight", -2, 2, 1)
    if st.form_submit_button("Add word") and word.strip():
        model.weights[word.strip().lower()] = weight

score, counted = model.score(review)
label = "positive" if score > 0 else "negative" if score < 0 else "neutral"
st.metric("Sentiment", label, delta=score)
st.caption("Counted: " + (", ".join(f"{w} {v:+d}" for w, v in counted.items()) or "no words"))
