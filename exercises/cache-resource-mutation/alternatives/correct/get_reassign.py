import streamlit as st

import speedlit


@st.cache_resource()
def get_model():
    return speedlit.load_sentiment_model()


st.title("Review sentiment")
model = get_model()
review = st.text_input("Review", "Great food, friendly staff, but slow delivery")

with st.form("teach"):
    word = st.text_input("Word")
    weight = st.slider("Weight", -2, 2, 1)
    if st.form_submit_button("Add word") and word.strip():
        learned = dict(st.session_state.get("learned", {}))
        learned[word.strip().lower()] = weight
        st.session_state["learned"] = learned

score, counted = model.score(review, extra=st.session_state.get("learned"))
label = "positive" if score > 0 else "negative" if score < 0 else "neutral"
st.metric("Sentiment", label, delta=score)
st.caption("Counted: " + (", ".join(f"{w} {v:+d}" for w, v in counted.items()) or "no words"))
