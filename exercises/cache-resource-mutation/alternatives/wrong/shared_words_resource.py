# wrong: the extra words live in a dict from st.cache_resource, which is one dict for the whole server, so each tab's words show in the other tab; keep them in st.session_state.
# task: 2
# expect-check: What a tab adds counts there, and never in another tab
# expect-message: returns one object for the whole server
import streamlit as st

import speedlit


@st.cache_resource
def load_model():
    return speedlit.load_sentiment_model()  # 2 s: reading the model's weights from disk


@st.cache_resource
def extra_words():
    return {}  # kept next to the model, which we no longer touch


st.title("Review sentiment")
model = load_model()
review = st.text_input("Review", "Great food, friendly staff, but slow delivery")

with st.form("teach"):
    word = st.text_input("Word")
    weight = st.slider("Weight", -2, 2, 1)
    if st.form_submit_button("Add word") and word.strip():
        extra_words()[word.strip().lower()] = weight

score, counted = model.score(review, extra=extra_words())
label = "positive" if score > 0 else "negative" if score < 0 else "neutral"
st.metric("Sentiment", label, delta=score)
st.caption("Counted: " + (", ".join(f"{w} {v:+d}" for w, v in counted.items()) or "no words"))
