"""The app side: runs in the sandbox, knows nothing of checks, references or counts.

It runs the learner's script in Streamlit's own runtime, as ``streamlit run`` would but with a
channel to the judge instead of a network: BackMsgs in (what a browser sends), ForwardMsgs
out (what a browser receives), and the course's services asked of the judge (``speedlit``).
"""
