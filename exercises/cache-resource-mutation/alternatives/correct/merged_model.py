import streamlit as st

import speedlit


@st.cache_resource  # the shared model: read-only from here on
def load_model():
    return speedlit.load_sentiment_model()


st.title("Review sentiment")
shared = load_model()
review = st.text_input("Review", "Great food, friendly staff, but slow delivery")

if "words" not in st.session_state:
    st.session_state.words = {}

with st.form("teach"):
    word = st.text_input("Word")
    weight = st.slider("Weight", -2, 2, 1)
    if st.form_submit_button("Add word") and word.strip():
        st.session_state.words[word.strip().lower()] = weight

# a throwaway model for this run: the shared weights plus this visitor's words
mine = speedlit.SentimentModel({**shared.weights, **st.session_state.words})
score, counted = mine.score(review)
label = "positive" if score > 0 else "negative" if score < 0 else "neutral"
st.metric("Sentiment", label, delta=score)
st.caption("Counted: " + (", ".join(f"{w} {v:+d}" for w, v in counted.items()) or "no words"))
