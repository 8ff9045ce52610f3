import streamlit as st

import speedlit


@st.cache_resource
def load_model():
    return speedlit.load_sentiment_model()  # 2 s: reading the model's weights from disk


def add_word():
    word = st.session_state["new_word"].strip().lower()
    if word:
        st.session_state["taught"][word] = st.session_state["new_weight"]


if "taught" not in st.session_state:
    st.session_state["taught"] = {}

st.title("Review sentiment")
model = load_model()
review = st.text_input("Review", "Great food, friendly staff, but slow delivery")

with st.form("teach"):
    st.text_input("Word", key="new_word")
    st.slider("Weight", -2, 2, 1, key="new_weight")
    st.form_submit_button("Add word", on_click=add_word)

score, counted = model.score(review, extra=st.session_state["taught"])
label = "positive" if score > 0 else "negative" if score < 0 else "neutral"
st.metric("Sentiment", label, delta=score)
st.caption("Counted: " + (", ".join(f"{w} {v:+d}" for w, v in counted.items()) or "no words"))
