"""What a browser holds for each widget, and what it sends when a user changes one.

Read from the pinned 1.67 frontend bundle: a widget's value on mount is the server's value
when the element says ``set_value``, else its default; a user's change is stored as the
WidgetState the component would send (``string_value`` of the option's label for a selectbox
or radio, ``int_value`` or ``double_value`` by data type for a number input, …). Scenarios
name values as a user sees them: the option label, the number, the text.
"""
from __future__ import annotations

import datetime as dt
import json
import math
from typing import Any

from streamlit.proto.WidgetStates_pb2 import WidgetState

#: Element kinds that are widgets; buttons only ever send a one-run trigger.
TRIGGERS = frozenset({"button", "download_button"})
WIDGETS = frozenset({"checkbox", "selectbox", "radio", "multiselect", "slider", "number_input",
                     "text_input", "text_area", "date_input", "time_input", "color_picker",
                     "button_group", "component_instance"}) | TRIGGERS


class Refused(ValueError):
    """A user could not give the widget this value (with the reason)."""


def initial(kind: str, body, default: bool = False) -> WidgetState | None:
    """The state the browser stores when the widget appears (``default``: the widget's own
    default, as a form's clearing restores it); None when it stores nothing."""
    if kind in TRIGGERS:
        return None
    state = WidgetState(id=body.id)
    told = getattr(body, "set_value", False) and not default
    if kind == "checkbox":
        state.bool_value = body.value if told else body.default
    elif kind in ("selectbox", "radio"):
        label = _raw(body) if told else _option(body, body.default if body.HasField("default")
                                                 else None)
        if label is not None:
            state.string_value = label
    elif kind == "multiselect":
        labels = list(body.raw_values) if told else [_option(body, i) for i in body.default]
        state.string_array_value.data.extend(x for x in labels if x is not None)
    elif kind == "slider":
        values = list(body.value) if told else list(body.default)
        if not all(math.isfinite(v) for v in values):
            raise Refused("a slider value that is not a number")
        if body.options:
            state.string_array_value.data.extend(body.options[int(v)] for v in values
                                                 if 0 <= int(v) < len(body.options))
        else:
            state.double_array_value.data.extend(values)
    elif kind == "number_input":
        if told:
            number = body.value
        elif body.HasField("default"):
            number = body.default
        else:
            return state
        _set_number(state, body, number)
    elif kind in ("text_input", "text_area", "color_picker", "time_input"):
        if told:
            state.string_value = body.value
        elif body.HasField("default"):
            state.string_value = body.default
    elif kind == "date_input":
        state.string_array_value.data.extend(list(body.value) if told else list(body.default))
    elif kind == "button_group":
        labels = list(body.raw_values) if told else [
            body.options[i].content for i in body.default if 0 <= i < len(body.options)]
        state.string_array_value.data.extend(labels)
    else:
        return None
    return state


def from_user(kind: str, body, value: Any) -> WidgetState:
    """The state a user's choice of ``value`` leaves, or Refused."""
    if getattr(body, "disabled", False):
        raise Refused("it is disabled")
    state = WidgetState(id=body.id)
    if kind == "checkbox":
        if not isinstance(value, bool):
            raise Refused("a checkbox or toggle takes True or False")
        state.bool_value = value
    elif kind in ("selectbox", "radio"):
        label = _label(body, value)
        if label is None and not getattr(body, "accept_new_options", False):
            raise Refused(f"it has no option {value!r} (options: {_options(body)})")
        state.string_value = label if label is not None else str(value)
    elif kind in ("multiselect", "button_group"):
        if not isinstance(value, (list, tuple)):
            raise Refused("it takes a list of options")
        labels = []
        for item in value:
            label = _label(body, item)
            if label is None:
                raise Refused(f"it has no option {item!r} (options: {_options(body)})")
            labels.append(label)
        state.string_array_value.data.extend(labels)
    elif kind == "slider":
        values = list(value) if isinstance(value, (list, tuple)) else [value]
        if body.options:
            labels = [_label(body, v) for v in values]
            if None in labels:
                raise Refused(f"it has no option {value!r} (options: {_options(body)})")
            state.string_array_value.data.extend(labels)
        else:
            numbers = [_number(v) for v in values]
            if any(n < body.min or n > body.max for n in numbers):
                raise Refused(f"{value!r} is outside {body.min:g} to {body.max:g}")
            state.double_array_value.data.extend(numbers)
    elif kind == "number_input":
        number = _number(value)
        if (body.has_min and number < body.min) or (body.has_max and number > body.max):
            raise Refused(f"{value!r} is outside the allowed range")
        _set_number(state, body, number)
    elif kind in ("text_input", "text_area", "color_picker", "time_input"):
        if not isinstance(value, str):
            raise Refused("it takes text")
        if getattr(body, "max_chars", 0) and len(value) > body.max_chars:
            raise Refused(f"it takes at most {body.max_chars} characters")
        state.string_value = value
    elif kind == "date_input":
        days = list(value) if isinstance(value, (list, tuple)) else [value]
        state.string_array_value.data.extend(
            d.isoformat() if isinstance(d, dt.date) else str(d) for d in days)
    elif kind == "component_instance":  # a custom component sends JSON
        state.json_value = json.dumps(value)
    else:
        raise Refused(f"the grader cannot set a {kind}")
    return state


def user_key(ident: str) -> str | None:
    """The ``key=`` a widget was given, read from its element id (``$$ID-<hash>-<key>``)."""
    if not ident.startswith("$$ID-"):
        return None
    key = ident.split("-", 2)[-1]
    return None if key == "None" else key


def trigger(body) -> WidgetState:
    return WidgetState(id=body.id, trigger_value=True)


def shown(state: WidgetState | None) -> Any:
    """The value a state carries, as plain data (for the page a user sees)."""
    if state is None:
        return None
    which = state.WhichOneof("value")
    if which is None:
        return None
    value = getattr(state, which)
    if which.endswith("array_value"):
        return list(value.data)
    if which == "json_value":
        try:
            return json.loads(value)
        except ValueError:
            return None
    if which in ("double_value",) and float(value).is_integer():
        return float(value)
    return value


def _set_number(state: WidgetState, body, number: float) -> None:
    from streamlit.proto.NumberInput_pb2 import NumberInput

    if body.data_type == NumberInput.INT:
        if not float(number).is_integer():
            raise Refused(f"it takes whole numbers, not {number!r}")
        state.int_value = int(number)
    else:
        state.double_value = float(number)


def _number(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or \
            not math.isfinite(float(value)):
        raise Refused(f"it takes a number, not {value!r}")
    return float(value)


def _raw(body) -> str | None:
    return body.raw_value if body.raw_value or body.options else None


def _option(body, index: int | None) -> str | None:
    if index is None or not 0 <= index < len(body.options):
        return None
    return _text(body.options[index])


def _text(option) -> str:
    return option if isinstance(option, str) else option.content


def _options(body) -> str:
    shown_ = [repr(_text(o)) for o in list(body.options)[:12]]
    return ", ".join(shown_) + (" …" if len(body.options) > 12 else "")


def _label(body, value: Any) -> str | None:
    """The option a user would pick for ``value``: the option labelled so, else the one
    option whose label starts with it (an app's ``format_func`` may add to the label, e.g.
    "Bookworm, €9 a month": a user still picks Bookworm)."""
    labels = [_text(o) for o in body.options]
    text = str(value)
    if text in labels:
        return text
    starting = [label for label in labels if label.startswith(text)
                and label[len(text):len(text) + 1] in (",", " ", ":", "(", "—", "-")]
    return starting[0] if len(starting) == 1 else None
