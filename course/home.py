"""The course map: what Speedlit teaches, every lesson in order, and where you stopped."""
import streamlit as st

from course import content, nav, progress

pages = nav.current()
st.title(":material/bolt: Speedlit")
st.markdown(
    "Streamlit reruns your whole script on every click. That is what makes it simple — and "
    "what makes apps slow. Speedlit teaches the cures one at a time on the Streamlit this "
    f"course pins (**{st.__version__}**): every lesson runs a slow and a fast version of the "
    "same app side by side, and the exercises grade your fix by what your app *does* — how "
    "often it reran, how often the expensive step ran, whether a fragment reran alone."
)

mine = progress.summary()
lessons = content.lesson_list()
exercises = content.exercise_list()
stand = progress.standing()
passed = stand["passed"]


MARKS = nav.LESSON_ICONS  # the same marks as the sidebar
last = mine["last_page"] if mine["last_page"] in pages else None
with st.container(border=True):
    if last or mine["scores"]:
        done = sum(stand["lessons"][item["id"]] == "done" for item in lessons)
        points, total = stand["points"], stand["possible"]
        st.markdown(f"**Welcome back.** Lessons done: **{done} of {len(lessons)}** · exercises "
                    f"passed: **{len(passed)} of {len(exercises)}** · points: "
                    f"**{points:g} of {total:g}**.")
        if last:
            title = next((f"lesson {l['number']}, {l['title']}" for l in lessons
                          if l["id"] == last), None) or next(
                f"the exercise “{e['title']}”" for e in exercises if "exercise:" + e["id"] == last)
            st.page_link(pages[last], label=f"Continue where you stopped: {title}",
                         icon=":material/play_arrow:")
    else:
        st.markdown("**New here?** Start with lesson 1; each lesson takes about ten minutes.")
        st.page_link(pages[lessons[0]["id"]], label="Start with lesson 1", icon=":material/play_arrow:")
    st.caption("Your progress is kept under your profile (in the sidebar): bookmark this page, "
               "or keep your resume code, to continue on any device.")

st.header("The course", divider="gray")
for item in lessons:
    with st.container(border=True):
        st.page_link(pages[item["id"]], label=f"{item['number']}. {item['title']}",
                     icon=MARKS[stand["lessons"][item["id"]]])
        st.caption(item["summary"])
        for exercise in [e for e in exercises if e["lesson"] == item["id"]]:
            best = mine["scores"].get(exercise["id"])
            score = f" · best {best[0]:g}/{best[1]:g}" if best else ""
            st.page_link(pages["exercise:" + exercise["id"]],
                         label=f"Exercise: {exercise['title']}{score}",
                         icon=":material/task_alt:" if exercise["id"] in passed
                         else ":material/edit:")

lesson_ids = {item["id"] for item in lessons}
capstone = [e for e in exercises if e["lesson"] not in lesson_ids]
if capstone:
    st.header("Capstone", divider="gray")
    for exercise in capstone:
        with st.container(border=True):
            best = mine["scores"].get(exercise["id"])
            score = f" · best {best[0]:g}/{best[1]:g}" if best else ""
            st.page_link(pages["exercise:" + exercise["id"]],
                         label=f"{exercise['title']}{score}", icon=":material/flag:")
            st.caption(exercise["summary"])
