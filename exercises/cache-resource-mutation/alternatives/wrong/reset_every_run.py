# wrong: the visitor's words dict is created anew on every run, so a taught word is forgotten at the next rerun; initialise it only once (if "my_words" not in st.session_state).
# task: 3
# expect-check: Each tab keeps its own words; the page is the same
# expect-message: puts an empty collection into session state
import streamlit as st

import speedlit


@st.cache_resource
def load_model():
    return speedlit.load_sentiment_model()  # 2 s: reading the model's weights from disk


st.session_state.my_words = {}

st.title("Review sentiment")
model = load_model()
review = st.text_input("Review", "Great food, friendly staff, but slow delivery")

with st.form("teach"):
    word = st.text_input("Word")
    weight = st.slider("Weight", -2, 2, 1)
    if st.form_submit_button("Add word") and word.strip():
        st.session_state.my_words[word.strip().lower()] = weight

score, counted = model.score(review, extra=st.session_state.my_words)
label = "positive" if score > 0 else "negative" if score < 0 else "neutral"
st.metric("Sentiment", label, delta=score)
st.caption("Counted: " + (", ".join(f"{w} {v:+d}" for w, v in counted.items()) or "no words"))
