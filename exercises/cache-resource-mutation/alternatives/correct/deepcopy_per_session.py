import copy

import streamlit as st

import speedlit


@st.cache_resource  # loaded once; each session works on its own deep copy
def load_model():
    return speedlit.load_sentiment_model()


st.title("Review sentiment")
if "model" not in st.session_state:
    st.session_state.model = copy.deepcopy(load_model())
model = st.session_state.model
review = st.text_input("Review", "Great food, friendly staff, but slow delivery")

with st.form("teach"):
    word = st.text_input("Word")
    weight = st.slider("Weight", -2, 2, 1)
    if st.form_submit_button("Add word") and word.strip():
        model.weights[word.strip().lower()] = weight  # only this session's copy

score, counted = model.score(review)
label = "positive" if score > 0 else "negative" if score < 0 else "neutral"
st.metric("Sentiment", label, delta=score)
st.caption("Counted: " + (", ".join(f"{w} {v:+d}" for w, v in counted.items()) or "no words"))
