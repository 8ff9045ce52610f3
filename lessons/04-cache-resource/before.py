import streamlit as st

import speedlit


class SentimentModel:
    """A stand-in for a model that is slow to load and quick to use."""

    def __init__(self):
        speedlit.slow("load_model", 2.0)  # stands in for reading weights from disk
        self.weights = {"great": 2, "good": 1, "fast": 1, "fresh": 1, "friendly": 1,
                        "bad": -1, "slow": -1, "cold": -1, "rude": -2, "awful": -2}

    def score(self, text):
        words = [word.strip(".,!?").lower() for word in text.split()]
        return sum(self.weights.get(word, 0) for word in words)


def load_model():
    return SentimentModel()


st.title("Review sentiment")
model = load_model()
review = st.text_input("Review", "Great food, friendly staff, but slow delivery")

score = model.score(review)
label = "positive" if score > 0 else "negative" if score < 0 else "neutral"
st.metric("Sentiment", label, delta=score)
