import streamlit as st

import speedlit


@st.cache_resource
def load_model():
    return speedlit.load_sentiment_model()  # 2 s: reading the model's weights from disk


def user_words():
    if "user_words" not in st.session_state:
        st.session_state.user_words = {}
    return st.session_state.user_words


def describe(score):
    return "positive" if score > 0 else "negative" if score < 0 else "neutral"


def main():
    st.title("Review sentiment")
    model = load_model()
    review = st.text_input("Review", "Great food, friendly staff, but slow delivery")

    with st.form("teach"):
        word = st.text_input("Word").strip().lower()
        weight = st.slider("Weight", -2, 2, 1)
        submitted = st.form_submit_button("Add word")
    if submitted and word:
        user_words()[word] = weight

    score, counted = model.score(review, extra=user_words())
    st.metric("Sentiment", describe(score), delta=score)
    st.caption("Counted: " + (", ".join(f"{w} {v:+d}" for w, v in counted.items()) or "no words"))


main()
