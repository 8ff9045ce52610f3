import streamlit as st

import speedlit


def _load():
    return speedlit.load_sentiment_model()  # 2 s: reading the model's weights from disk


load_model = st.cache_resource(_load)


def score_for_me(model, text):
    """Score with the shared weights plus this tab's own words, without touching the model."""
    return model.score(text, extra=st.session_state.mine)


st.session_state.setdefault("mine", {})
st.title("Review sentiment")
model = load_model()
review = st.text_input("Review", "Great food, friendly staff, but slow delivery")

with st.form("teach"):
    word = st.text_input("Word")
    weight = st.slider("Weight", -2, 2, 1)
    if st.form_submit_button("Add word") and word.strip():
        st.session_state.mine = {**st.session_state.mine, word.strip().lower(): weight}

score, counted = score_for_me(model, review)
label = "positive" if score > 0 else "negative" if score < 0 else "neutral"
st.metric("Sentiment", label, delta=score)
st.caption("Counted: " + (", ".join(f"{w} {v:+d}" for w, v in counted.items()) or "no words"))
