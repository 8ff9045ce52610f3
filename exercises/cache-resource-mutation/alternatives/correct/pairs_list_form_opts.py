import streamlit as st
from streamlit import cache_resource as share

import speedlit


@share
def sentiment_model():
    return speedlit.load_sentiment_model()


if "pairs" not in st.session_state:
    st.session_state.pairs = []  # (word, weight) in the order they were taught

st.title("Review sentiment")
model = sentiment_model()
review = st.text_input("Review", "Great food, friendly staff, but slow delivery")

with st.form("teach", enter_to_submit=False):
    word = st.text_input("Word")
    weight = st.slider("Weight", -2, 2, 1)
    if st.form_submit_button("Add word") and word.strip():
        st.session_state.pairs.append((word.strip().lower(), weight))

score, counted = model.score(review, extra=dict(st.session_state.pairs))
label = "positive" if score > 0 else "negative" if score < 0 else "neutral"
st.metric("Sentiment", label, delta=score)
st.caption("Counted: " + (", ".join(f"{w} {v:+d}" for w, v in counted.items()) or "no words"))
