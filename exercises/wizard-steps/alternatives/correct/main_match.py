import streamlit as st

import speedlit

FIELDS = ("name", "plan")


def fetch_plans():
    return speedlit.membership_plans()  # 0.5 s: the club's price-list service


def move(delta):
    ss = st.session_state
    ss["answers"].update({f: ss[f] for f in FIELDS if f in ss})
    ss["step"] += delta
    for f in FIELDS:
        ss[f] = ss["answers"][f]


def main():
    ss = st.session_state
    if "step" not in ss:
        ss["step"] = 1
        ss["answers"] = {"name": "", "plan": "Reader"}

    plans = fetch_plans()
    st.title("Join the book club")
    st.caption(f"Step {ss['step']} of 3")

    match ss["step"]:
        case 1:
            st.text_input("Your name", key="name")
            st.button("Next", on_click=move, args=(1,))
        case 2:
            st.radio("Plan", list(plans), key="plan",
                     captions=[f"€{price} a month" for price in plans.values()])
            back, forward = st.columns(2)
            back.button("Back", on_click=move, args=(-1,))
            forward.button("Next", on_click=move, args=(1,))
        case _:
            answers = ss["answers"]
            st.write(f"{answers['name']} joins on the {answers['plan']} plan.")
            st.metric("Monthly price", f"€{plans[answers['plan']]}")
            st.button("Back", on_click=move, args=(-1,))


main()
