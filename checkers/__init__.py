"""Speedlit's grading engine: runs learner Streamlit scripts in a sandbox and judges behaviour.

The engine imports no UI: the course app and the command line (``python -m checkers``) both
call it. Data flows one way: ``course.toml`` → exercise folders → this package.
"""
CHECKER_VERSION = "1.0.0"
