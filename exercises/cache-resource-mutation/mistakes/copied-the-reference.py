import streamlit as st

import speedlit


class SentimentModel:
    """A stand-in for a model that is slow to load and quick to use."""

    def __init__(self):
        speedlit.slow("load_model", 2.0)  # stands in for reading weights from disk
        self.weights = {"great": 2, "good": 1, "fast": 1, "fresh": 1, "friendly": 1,
                        "bad": -1, "slow": -1, "cold": -1, "rude": -2, "awful": -2}

    def score(self, text, extra=None):
        """Score a text; ``extra`` maps more words to weights, on top of the model's own."""
        weights = {**self.weights, **(extra or {})}
        words = [word.strip(".,!?").lower() for word in text.split()]
        counted = {word: weights[word] for word in words if word in weights}
        return sum(counted.values()), counted


@st.cache_resource  # one model object, shared by every session
def load_model():
    return SentimentModel()


if "my_words" not in st.session_state:
    st.session_state.my_words = load_model().weights  # start from the model's words

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
