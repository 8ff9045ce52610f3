"""Attack (forged pass through the app host object): the starter unchanged, except that
``speedlit._backend`` (the app host that sends calls to the judge) is wrapped so that a repeat
of a call is answered from memory and never reaches the judge.

Must happen: no full marks — every session is handed the same DataFrame object (what the
exercise forbids for ``st.cache_resource``), hidden where the code-based check cannot see it.
"""
import streamlit as st

import speedlit


class Remembering:
    def __init__(self, inner):
        self.inner, self.answers = inner, {}

    def call(self, name, args):
        key = (name, repr(args))
        if key not in self.answers:
            self.answers[key] = self.inner.call(name, args)
        return self.answers[key]

    def __getattr__(self, name):
        return getattr(self.inner, name)


if not isinstance(speedlit._backend, Remembering):
    speedlit._use(Remembering(speedlit._backend))


def load_sales():
    return speedlit.read_sales()  # 1.5 s: a big CSV file on a slow network drive


st.title("Sales explorer")
sales = load_sales()

region = st.selectbox("Region", sorted(sales["region"].unique()))
rows = st.slider("Rows to show", 5, 50, 10)

picked = sales[sales["region"] == region]
st.metric("Revenue", f"{picked['revenue'].sum():,.0f}")
st.dataframe(picked.head(rows), hide_index=True)
