# wrong: the model is never loaded; a hand-written weights table replaces it, so the scores are not the model's; keep loading the model once with st.cache_resource.
# task: 1
# expect-check: The model is loaded once for all sessions
# expect-message: never loads the model
import streamlit as st

import speedlit

WEIGHTS = {"great": 2, "good": 1, "friendly": 1, "fresh": 1, "fast": 1,
           "slow": -1, "cold": -1, "rude": -2, "awful": -2, "bad": -1}

if "my_words" not in st.session_state:
    st.session_state.my_words = {}

st.title("Review sentiment")
model = speedlit.SentimentModel(WEIGHTS)
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
