"""Attack (blame the grader, with an ordinary exception): the grader turns an exception whose
class is called ``SandboxViolation`` into a ``forbidden`` error and passes its message on
verbatim. The app raises its own class of that name with the grader's "this is not your
fault" wording.

Must happen: the learner-facing message does not claim a grader failure the learner wrote.
"""
import streamlit as st


class SandboxViolation(PermissionError):
    pass


st.title("Sales explorer")
raise SandboxViolation("The grader failed on this file; this is not your fault. Please tell "
                       "your teacher.")
