"""The source reading that confirms an app's account of its caches: every form learners
write wraps a function, and nothing else does."""
import ast

import pytest

from checkers.caching import confirmed, wrappings

FORMS = {
    "decorator": "import streamlit as st\n@st.cache_data\ndef load():\n    pass\n",
    "decorator call": "import streamlit as st\n@st.cache_data(ttl=120)\ndef load():\n    pass\n",
    "from import": "from streamlit import cache_data\n@cache_data\ndef load():\n    pass\n",
    "alias": "import streamlit as st\ncd = st.cache_data\n@cd\ndef load():\n    pass\n",
    "module alias": "import streamlit as s\n@s.cache_data()\ndef load():\n    pass\n",
    "call form": "import streamlit as st\ndef load():\n    pass\nload = st.cache_data(load)\n",
    "call with options": "import streamlit as st\ndef load():\n    pass\n"
                         "fast = st.cache_data(load, ttl=120)\n",
    "factory": "import streamlit as st\ndef load():\n    pass\n"
               "load = st.cache_data(ttl=120)(load)\n",
    "named factory": "import streamlit as st\nhourly = st.cache_data(ttl=3600)\n"
                     "@hourly\ndef load():\n    pass\n",
}


@pytest.mark.parametrize("form", FORMS)
def test_every_form_is_found(form):
    found = wrappings(ast.parse(FORMS[form]))
    assert [(w.function, w.kind) for w in found] == [("load", "cache_data")]


@pytest.mark.parametrize("source", [
    "import streamlit as st\ndef load():\n    pass\n",
    "import functools\n@functools.cache\ndef load():\n    pass\n",
    "import streamlit as st\n@st.cache_resource\ndef load():\n    pass\n",
    "import fakestreamlit as st\n@st.cache_data\ndef load():\n    pass\n",
])
def test_nothing_else_is(source):
    assert not [w for w in wrappings(ast.parse(source)) if w.kind == "cache_data"]


def test_confirmed_needs_name_kind_and_line_to_agree():
    tree = ast.parse(FORMS["decorator call"])
    report = {"function": "load", "kind": "cache_data", "line": 2}
    assert confirmed(report, tree)
    assert confirmed({**report, "line": 3}, tree)
    assert not confirmed({**report, "kind": "cache_resource"}, tree)
    assert not confirmed({**report, "function": "other"}, tree)
    assert not confirmed({**report, "line": 9}, tree)
    assert not confirmed(report, None) and not confirmed("load", tree)


def test_a_function_from_another_module_is_confirmed_by_name():
    source = "import streamlit as st\nimport speedlit\n" \
             "train = st.cache_resource(speedlit.train_model)\n"
    tree = ast.parse(source)
    report = {"function": "train_model", "kind": "cache_resource", "line": 250}
    assert confirmed(report, tree)
    assert not confirmed({**report, "kind": "cache_data"}, tree)
    assert not confirmed({**report, "function": "read_sales"}, tree)


@pytest.mark.parametrize("source", [
    "import streamlit as st\nimport speedlit\nload = st.cache_data(lambda: speedlit.read_sales())\n",
    "import streamlit as st\nimport speedlit\n"
    "load = st.cache_data(ttl=60)(lambda: speedlit.read_sales())\n",
])
def test_a_cached_lambda_is_confirmed_at_its_line(source):
    tree = ast.parse(source)
    assert [(w.function, w.kind) for w in wrappings(tree)] == [("<lambda>", "cache_data")]
    report = {"function": "<lambda>", "kind": "cache_data", "line": 3}
    assert confirmed(report, tree)
    assert not confirmed({**report, "line": 2}, tree)
    assert not confirmed({**report, "kind": "cache_resource"}, tree)
