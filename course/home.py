"""The home page: what Speedlit is and what is in the course so far."""
import streamlit as st

from course.content import exercise_list

st.title("⚡ Speedlit")
st.markdown(
    "Streamlit reruns your whole script on every click. That is what makes it simple — and "
    "what makes apps slow. Speedlit teaches the cures, one at a time, on the Streamlit this "
    f"course pins (**{st.__version__}**), and grades your fixes by what your app *does*: how "
    "often it reran, how often the expensive step ran, whether a fragment reran alone."
)
st.subheader("Exercises")
for item in exercise_list():
    with st.container(border=True):
        st.markdown(f"**{item['title']}** · `{item['id']}` · {item['points']} points")
        st.caption(f"Lesson: {item['lesson']} — {item['summary']}")
st.caption("Grade a file from a terminal: `python -m checkers grade cache-data-load my_app.py`")
