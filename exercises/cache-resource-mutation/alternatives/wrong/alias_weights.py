# wrong: the session's words dict is initialised with the model's own weights dict (an alias, not a copy), so adding a word still writes into the shared model; start from an empty dict.
# task: 2
# expect-check: What a tab adds counts there, and never in another tab
# expect-message: gives the shared model's `weights` dict a second name
import streamlit as st

import speedlit


@st.cache_resource
def load_model():
    return speedlit.load_sentiment_model()  # 2 s: reading the model's weights from disk


st.title("Review sentiment")
model = load_model()
if "weights" not in st.session_state:
    st.session_state.weights = model.weights  # start from the model's words
review = st.text_input("Review", "Great food, friendly staff, but slow delivery")

with st.form("teach"):
    word = st.text_input("Word")
    weight = st.slider("Weight", -2, 2, 1)
    if st.form_submit_button("Add word") and word.strip():
        st.session_state.weights[word.strip().lower()] = weight

score, counted = model.score(review, extra=st.session_state.weights)
label = "positive" if score > 0 else "negative" if score < 0 else "neutral"
st.metric("Sentiment", label, delta=score)
st.caption("Counted: " + (", ".join(f"{w} {v:+d}" for w, v in counted.items()) or "no words"))
