# wrong: the model is loaded into st.session_state, so every tab loads its own model (2 s each); load it once with st.cache_resource and keep only the words per session.
# task: 1
# expect-check: The model is loaded once for all sessions
# expect-message: keeps the model in `st.session_state`
import streamlit as st

import speedlit


def load_model():
    return speedlit.load_sentiment_model()  # 2 s: reading the model's weights from disk


if "model" not in st.session_state:
    st.session_state.model = load_model()  # each visitor has their own model

st.title("Review sentiment")
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
