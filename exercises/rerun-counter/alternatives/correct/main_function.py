import streamlit as st

PRICES = {"Green": 3.20, "Black": 2.80, "Oolong": 4.10}


def count_run() -> int:
    state = st.session_state
    state["n_runs"] = state.get("n_runs", 0) + 1
    return state["n_runs"]


def main():
    runs = count_run()
    st.caption(f"Script run #{runs} in this session")

    st.title("Tea shop")
    tea = st.selectbox("Tea", list(PRICES))
    cups = st.slider("Cups", 1, 10, 2)
    st.metric("Price", f"{PRICES[tea] * cups:.2f} €")

    with st.form("order"):
        name = st.text_input("Name")
        placed = st.form_submit_button("Place order")
    if placed:
        st.success(f"Order placed for {name or 'a guest'}: {cups} × {tea}")


if __name__ == "__main__":
    main()
