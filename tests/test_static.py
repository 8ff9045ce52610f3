"""Static rules find what behaviour cannot show, and say where."""
import ast
from types import SimpleNamespace

from checkers import static

APP = '''import streamlit as st
import pandas as pd
import speedlit

@st.cache_resource
def load():
    speedlit.slow("load")
    df = pd.read_csv("x.csv")
    return df

@st.cache_data(ttl=300)
def prices():
    speedlit.slow("prices")
    return {"a": 1}

def helper():
    speedlit.slow("helper")

choice = st.selectbox("Pick", [1, 2])

@st.fragment
def part():
    st.selectbox("Inner", [1])
'''


def ctx(source=APP):
    return SimpleNamespace(source=source, tree=ast.parse(source))


def test_cache_resource_on_a_dataframe_is_found_at_its_line():
    finding = static.decorated_with("cache_resource", returning_frame=True)(ctx())
    assert finding and finding.line == 5


def test_cache_resource_on_a_non_dataframe_is_not_flagged():
    source = APP.replace("df = pd.read_csv", "df = dict").replace("cache_data(ttl=300)", "x")
    assert static.decorated_with("cache_resource", returning_frame=True)(ctx(source)) is None


def test_ttl_given_and_missing():
    assert static.missing_cache_option("ttl", work="prices")(ctx()) is None
    finding = static.missing_cache_option("ttl", work="load")(ctx())
    assert finding.line == 5 and "ttl" in finding.message
    assert static.missing_cache_option("ttl", work="nothing")(ctx()).line is None


def test_not_cached_points_at_the_function():
    assert static.not_cached("helper")(ctx()).line == 16
    assert static.not_cached("load")(ctx()) is None


def test_call_outside_fragment():
    assert static.call_outside("selectbox", "fragment")(ctx()).line == 19
    inside_only = APP.replace('choice = st.selectbox("Pick", [1, 2])', "")
    assert static.call_outside("selectbox", "fragment")(ctx(inside_only)) is None


def test_option_value_reads_literals():
    item = [d for d in static.cached_functions(ctx().tree) if d.name == "prices"][0]
    assert static.option_value(item, "ttl") == 300
    assert static.option_value(item, "max_entries") is None


def test_functions_doing_names_the_functions_that_mark_the_work():
    assert static.functions_doing(ctx().tree, "load") == {"load"}
    assert static.functions_doing(ctx().tree, "nothing") == set()


def test_resets_state_finds_an_unguarded_initialisation():
    unguarded = "import streamlit as st\nst.session_state.count = 0\n"
    guarded = ("import streamlit as st\nif 'count' not in st.session_state:\n"
               "    st.session_state.count = 0\n")
    rule = static.resets_state("reset every run")
    assert rule(ctx(unguarded)) == static.Finding("reset every run", 2)
    assert rule(ctx(guarded)) is None
