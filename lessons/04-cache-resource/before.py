import streamlit as st

import speedlit


def load_model():
    return speedlit.load_sentiment_model()  # 2 s: reading its weights from disk


st.title("Review sentiment")
model = load_model()
review = st.text_input("Review", "Great food, friendly staff, but slow delivery")

score, _ = model.score(review)  # the score and the words that counted
label = "positive" if score > 0 else "negative" if score < 0 else "neutral"
st.metric("Sentiment", label, delta=score)
