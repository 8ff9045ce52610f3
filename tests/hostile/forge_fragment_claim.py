"""Attack (forged pass on ``fragment-chart``): the exercise's own named mistake
"cached-header-instead" — the header's query cached, but *no* fragment, so every metric change
reruns the whole page — plus a rewrite of what the app host tells the judge: every run
announces itself (``new_session.metadata.run.fragment_ids``) as a fragment run. The judge
counts run kinds from that self-report.

Must happen: not passed — "Changing the metric reruns only the chart section" fails, because
the whole script did rerun.
"""
import streamlit as st

import speedlit

host = type(speedlit._backend)
if not getattr(host, "_claims_fragments", False):
    original = host.forward

    def forward(self, tab, msg):
        if msg.WhichOneof("type") == "new_session":
            msg.metadata.run.fragment_ids[:] = ["chart-section"]
        return original(self, tab, msg)

    host.forward, host._claims_fragments = forward, True


@st.cache_data
def header_numbers():
    return speedlit.kpis()


def trend_data(metric):
    return speedlit.metric_series(metric)


st.title("Shop dashboard")
for column, (label, value) in zip(st.columns(3), header_numbers().items()):
    column.metric(label, value)

st.subheader("Trend")
metric = st.selectbox("Metric", ["Sales", "Revenue", "Users"])
st.line_chart(trend_data(metric))
