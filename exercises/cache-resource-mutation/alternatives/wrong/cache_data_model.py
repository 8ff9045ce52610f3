# wrong: switching the model to st.cache_data hands each run a fresh copy, so words don't leak but vanish at the next rerun (and the model is no longer one shared object); keep st.cache_resource and store the words in st.session_state.
# task: 3
# expect-check: The model stays one shared object (st.cache_resource)
# expect-message: `st.cache_data` hands out a fresh copy of the model
# expect-check: Each tab keeps its own words; the page is the same
# expect-message: no longer at a later rerun
import streamlit as st

import speedlit


@st.cache_data  # a copy per call, so nobody changes the shared model
def load_model():
    return speedlit.load_sentiment_model()  # 2 s: reading the model's weights from disk


st.title("Review sentiment")
model = load_model()
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
