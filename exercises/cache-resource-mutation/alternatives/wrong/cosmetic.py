# wrong: only a comment changed; the new word still goes into the cached model that every session shares, so one tab's words show in the other tab. Keep the words in st.session_state and pass them as extra=.
# task: 2
# expect-check: What a tab adds counts there, and never in another tab
# expect-message: hands every session the *same* model object
import streamlit as st

import speedlit


@st.cache_resource  # one model object, shared by every session
def load_model():
    return speedlit.load_sentiment_model()  # 2 s: reading the model's weights from disk


st.title("Review sentiment")
model = load_model()
review = st.text_input("Review", "Great food, friendly staff, but slow delivery")

with st.form("teach"):
    word = st.text_input("Word")
    weight = st.slider("Weight", -2, 2, 1)
    if st.form_submit_button("Add word") and word.strip():
        # remember the word for this visitor
        model.weights[word.strip().lower()] = weight

score, counted = model.score(review)
label = "positive" if score > 0 else "negative" if score < 0 else "neutral"
st.metric("Sentiment", label, delta=score)
st.caption("Counted: " + (", ".join(f"{w} {v:+d}" for w, v in counted.items()) or "no words"))
