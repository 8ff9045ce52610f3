# wrong: ttl=2 expires the table two seconds after it was read, so an analyst who clicks every few seconds re-reads the file on most clicks; the task asks for one read however many times the learner interacts, so no (or a long) ttl is needed; the grader should say the cached table expires too soon.
# task: 1
# expect-check: The dataset is loaded once
# expect-message: The cache around the file expires (ttl = 2 s)
import streamlit as st

import speedlit


@st.cache_data(ttl=2)
def load_sales():
    return speedlit.read_sales()  # 1.5 s: a big CSV file on a slow network drive


st.title("Sales explorer")
sales = load_sales()

region = st.selectbox("Region", sorted(sales["region"].unique()))
rows = st.slider("Rows to show", 5, 50, 10)

picked = sales[sales["region"] == region]
st.metric("Revenue", f"{picked['revenue'].sum():,.0f}")
st.dataframe(picked.head(rows), hide_index=True)
