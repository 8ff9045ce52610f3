import streamlit as st

import speedlit


def header_numbers():
    return speedlit.kpis()  # 2 s: a slow summary query


def trend_data(metric):
    return speedlit.metric_series(metric)  # 0.2 s: thirty days of one metric


def draw_header():
    st.title("Shop dashboard")
    numbers = header_numbers()
    for column, (label, value) in zip(st.columns(3), numbers.items()):
        column.metric(label, value)


def main():
    draw_header()

    @st.fragment
    def trend_panel():
        st.subheader("Trend")
        metric = st.selectbox("Metric", ["Sales", "Revenue", "Users"])
        st.line_chart(trend_data(metric))

    trend_panel()


if __name__ == "__main__":
    main()
