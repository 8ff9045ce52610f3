"""One browser tab, as Streamlit's frontend behaves (read from the pinned 1.67 bundle).

The tab keeps the page (``page.Page``), the widget values the browser holds and what it
sends back. A user's action becomes the BackMsg the frontend would send, or none at all:

* a widget change reruns the script, or only the widget's fragment when the widget was drawn
  inside one (the rerun carries the fragment id of the widget's delta);
* a widget inside a form keeps its new value in the browser until the form is submitted;
  a widget with ``on_change="ignore"`` (``ignore_rerun`` on its element) keeps it until
  the next rerun, whatever causes that;
* a button sends a one-run trigger; a stateful ``st.tabs`` / ``st.expander`` sends its
  state, a plain one switches in the browser alone;
* ``run_every`` fragments register a timer (``auto_rerun``); the judge's clock fires them.

Widgets take the value the server sends when their element says ``set_value``, else keep
what the browser holds, else their default; after every finished run, values of widgets no
longer on the page are dropped.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

from checkers.judge import widgets
from checkers.judge.page import Block, Element, Page

FINISHED_SUCCESSFULLY = ForwardMsg.FINISHED_SUCCESSFULLY
FINISHED_WITH_COMPILE_ERROR = ForwardMsg.FINISHED_WITH_COMPILE_ERROR
FINISHED_FRAGMENT = ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY
FINISHED_EARLY_FOR_RERUN = ForwardMsg.FINISHED_EARLY_FOR_RERUN
TERMINAL = {FINISHED_SUCCESSFULLY, FINISHED_WITH_COMPILE_ERROR, FINISHED_FRAGMENT}
CONTEXT = {"timezone": "UTC", "timezone_offset": 0, "locale": "en-US",
           "url": "http://localhost:8501/", "is_embedded": False, "color_scheme": "light"}
MAX_TIMERS = 16


def tab_set(container: Block) -> str:
    """A plain ``st.tabs`` has no id; the browser's choice is kept by its labels."""
    return "\x1f".join(t.proto.tab.label for t in container.children
                        if isinstance(t, Block) and t.kind == "tab")


class Problem(Exception):
    """A user action the page does not allow (a missing widget, a refused value)."""


@dataclass
class Found:
    """A widget or container on the page, with what the browser needs to act on it."""

    kind: str
    body: object
    fragment: str
    form: str


@dataclass
class Timer:
    interval: float
    due: float


@dataclass
class Tab:
    number: int
    page: Page = field(default_factory=Page)
    committed: dict[str, WidgetState] = field(default_factory=dict)
    pending: dict[str, dict[str, WidgetState]] = field(default_factory=dict)
    open_tabs: dict[str, str] = field(default_factory=dict)  # plain st.tabs: shown in browser
    query: str = ""
    page_hash: str = ""
    timers: dict[str, Timer] = field(default_factory=dict)
    runs: list[dict] = field(default_factory=list)  # every run started (see counted_runs)
    requested: str = ""  # the fragment the last request named ("" for the whole script)
    chain_runs: int = 0  # runs started since the last request
    known_fragments: set = field(default_factory=set)
    finished: int | None = None  # the last script_finished status of the current chain
    running: bool = False
    compile_error: dict | None = None

    # ------------------------------------------------------------ messages in
    def receive(self, msg, now: float) -> None:
        kind = msg.WhichOneof("type")
        meta = msg.metadata
        if kind == "new_session":
            fragments = list(meta.run.fragment_ids)
            self.page.start_run(meta.run.script_run_id, fragments)
            self.page_hash = msg.new_session.page_script_hash
            self.runs.append({"fragments": fragments,
                              "believed": self._believable(fragments)})
            self.chain_runs += 1
            self.finished, self.running = None, True
            if not fragments:
                self.timers.clear()
                self.compile_error = None
        elif kind == "delta":
            if self.runs and self.runs[-1]["fragments"] and \
                    msg.delta.fragment_id not in self.runs[-1]["fragments"]:
                self.runs[-1]["believed"] = False  # drew outside its fragment: a full run
            if msg.delta.fragment_id and len(self.known_fragments) < 1000:
                self.known_fragments.add(msg.delta.fragment_id)
            if self.page.apply(msg.delta, list(meta.delta_path)):
                self._mounted(msg.delta)
        elif kind == "script_finished":
            status = msg.script_finished
            if status == FINISHED_EARLY_FOR_RERUN and self.runs:
                self.runs[-1]["cut_short"] = True  # a rerun (st.rerun, a callback's) cut it
            if status in TERMINAL:
                self.page.finish(meta.run.script_run_id, list(meta.run.fragment_ids))
                self._drop_inactive()
            self.finished = status
        elif kind == "session_status_changed":
            self.running = msg.session_status_changed.script_is_running
        elif kind == "session_event" and msg.session_event.HasField(
                "script_compilation_exception"):
            error = msg.session_event.script_compilation_exception
            self.compile_error = {"type": error.type, "message": error.message[:2000],
                                  "stack": list(error.stack_trace)[:50]}
        elif kind == "navigation":  # with st.navigation the page is the navigation's
            if msg.navigation.page_script_hash:
                self.page_hash = msg.navigation.page_script_hash
        elif kind == "page_info_changed":
            self.query = msg.page_info_changed.query_string[:2000]
        elif kind == "auto_rerun":
            fragment = msg.auto_rerun.fragment_id
            interval = msg.auto_rerun.interval
            if fragment and interval > 0 and len(self.timers) < MAX_TIMERS:
                timer = self.timers.get(fragment)
                if timer is None or timer.interval != interval:
                    self.timers[fragment] = Timer(interval, now + interval)
        elif kind == "stop_auto_rerun":
            for fragment in msg.stop_auto_rerun.fragment_ids:
                self.timers.pop(fragment, None)

    def _believable(self, fragments: list[str]) -> bool:
        """Whether a run the app calls a fragment run can be one. Which code ran is only what
        the app says, so the judge believes a fragment run only when its own request named
        that fragment (the first run of a chain), or the fragment is one the page drew; a run
        that then draws outside the fragment is counted as the full run it was."""
        if not fragments:
            return True
        if self.chain_runs == 0:
            return fragments == [self.requested] and bool(self.requested)
        return set(fragments) <= self.known_fragments

    def cut_short(self, since: int = 0) -> int:
        """How many runs since run number ``since`` ended early because a rerun was asked
        for (``st.rerun()``, in the script or a callback): they count as runs, but did not
        reach the end of the script or fragment."""
        return sum(1 for r in self.runs[since:] if r.get("cut_short"))

    def counted_runs(self, since: int = 0) -> list[str]:
        """"script" or "fragment" for each run since run number ``since``, as believed."""
        return ["fragment" if r["fragments"] and r["believed"] else "script"
                for r in self.runs[since:]]

    @property
    def idle(self) -> bool:
        """The chain of runs the last request started has ended (a terminal finish, and the
        app says it is no longer running)."""
        return self.finished in TERMINAL and not self.running

    def _mounted(self, delta) -> None:
        """A widget element arrived: the browser adopts a value the server set, or keeps its
        own, or starts from the default."""
        if delta.WhichOneof("type") != "new_element":
            return
        element = delta.new_element
        kind = element.WhichOneof("type")
        if kind not in widgets.WIDGETS:
            return
        body = getattr(element, kind)
        known = body.id in self.committed or any(body.id in p for p in self.pending.values())
        if known and not getattr(body, "set_value", False):
            return
        state = widgets.initial(kind, body)  # a value no browser could hold raises (forbidden)
        if state is None:
            return
        form = getattr(body, "form_id", "")
        (self.pending.setdefault(form, {}) if form else self.committed)[body.id] = state

    def _drop_inactive(self) -> None:
        active = self.page.ids()
        for store in [self.committed, *self.pending.values()]:
            for ident in [i for i in store if i not in active]:
                del store[ident]

    # ------------------------------------------------------------ finding things
    def find(self, ref: str) -> Found:
        """A widget by key, else by label (the first one, top to bottom)."""
        candidates = []
        for element, parents in self.page.elements():
            kind = element.kind
            if kind not in widgets.WIDGETS:
                continue
            body = element.body
            candidates.append((kind, body, element, parents))
        for attribute in ("key", "label"):
            for kind, body, element, parents in candidates:
                value = widgets.user_key(body.id) if attribute == "key" else \
                    getattr(body, "label", None)
                if value == ref:
                    return Found(kind, body, element.fragment, getattr(body, "form_id", ""))
        shown = ", ".join(repr(getattr(b, "label", widgets.user_key(b.id)))
                          for _, b, _, _ in candidates) or "none"
        raise Problem(f"no widget with key or label {ref!r} (widgets shown: {shown})")

    def tabs_with(self, label: str) -> tuple[Block, list]:
        for node, parents in self.page.walk():
            if isinstance(node, Block) and node.kind == "tab_container" and any(
                    isinstance(t, Block) and t.kind == "tab" and t.proto.tab.label == label
                    for t in node.children):
                return node, parents
        raise Problem(f"no tab called {label!r}")

    def expander(self, label: str) -> Block:
        for node, _ in self.page.walk():
            if isinstance(node, Block) and node.kind == "expandable" and \
                    node.proto.expandable.label == label:
                return node
        raise Problem(f"no expander called {label!r}")

    def open_tab(self, container: Block) -> str | None:
        """The tab a user sees of a set of tabs: the one they opened, else the default."""
        labels = [t.proto.tab.label for t in container.children
                  if isinstance(t, Block) and t.kind == "tab"]
        proto = container.proto.tab_container
        chosen = widgets.shown(self.committed.get(proto.id)) if proto.id else \
            self.open_tabs.get(tab_set(container))
        if chosen in labels:
            return chosen
        if proto.default_tab_label in labels:
            return proto.default_tab_label
        return labels[0] if labels else None

    def value_of(self, ident: str, form: str = ""):
        """The value the browser shows for a widget (a form's unsubmitted edits included)."""
        if form and ident in self.pending.get(form, {}):
            return widgets.shown(self.pending[form][ident])
        return widgets.shown(self.committed.get(ident))

    # ------------------------------------------------------------ actions (None: no rerun)
    def open(self, page: str = "", query: str = "") -> BackMsg:
        """Open the app (at the page with URL path ``page``, with ``query`` in the URL)."""
        self.query = query
        msg = self._rerun()
        msg.rerun_script.page_name = page
        return msg

    def reload(self) -> BackMsg:
        return self._rerun()

    def set(self, ref: str, value) -> BackMsg | None:
        found = self.find(ref)
        if found.kind in widgets.TRIGGERS:
            raise Problem(f"{ref!r} is a button: click it")
        try:
            state = widgets.from_user(found.kind, found.body, value)
        except widgets.Refused as exc:
            raise Problem(f"could not set {ref!r} to {value!r}: {exc}") from None
        if found.form:
            self.pending.setdefault(found.form, {})[found.body.id] = state
            return None
        self.committed[found.body.id] = state
        if getattr(found.body, "ignore_rerun", False):
            return None
        return self._rerun(fragment=found.fragment)

    def click(self, ref: str) -> BackMsg | None:
        found = self.find(ref)
        if found.kind not in widgets.TRIGGERS:
            raise Problem(f"{ref!r} is a {found.kind}, not a button")
        if getattr(found.body, "disabled", False):
            raise Problem(f"{ref!r} is disabled")
        if found.kind == "button" and found.body.is_form_submitter:
            self.committed.update(self.pending.pop(found.form, {}))
            if self._clears_on_submit(found.form):
                self._clear_form(found.form)
        elif found.form:
            raise Problem(f"{ref!r} is inside a form; only its submit button can be clicked")
        if getattr(found.body, "ignore_rerun", False):
            return None
        return self._rerun(fragment=found.fragment, extra=[widgets.trigger(found.body)])

    def _clears_on_submit(self, form: str) -> bool:
        return any(isinstance(node, Block) and node.kind == "form" and
                   node.proto.form.form_id == form and node.proto.form.clear_on_submit
                   for node, _ in self.page.walk())

    def _clear_form(self, form: str) -> None:
        """``clear_on_submit``: once the submitted values are sent, the browser puts every
        widget of the form back to its default, as unsubmitted edits of the form."""
        cleared = self.pending.setdefault(form, {})
        for element, _ in self.page.elements():
            body = element.body
            if element.kind in widgets.WIDGETS and element.kind not in widgets.TRIGGERS and \
                    getattr(body, "form_id", "") == form:
                state = widgets.initial(element.kind, body, default=True)
                if state is not None:
                    cleared[body.id] = state

    def choose_tab(self, label: str) -> BackMsg | None:
        container, _ = self.tabs_with(label)
        ident = container.proto.tab_container.id
        if not ident:  # plain st.tabs: the browser switches on its own, nothing reruns
            self.open_tabs[tab_set(container)] = label
            return None
        self.committed[ident] = WidgetState(id=ident, string_value=label)
        return self._rerun(fragment=container.fragment)

    def toggle_expander(self, label: str, expanded: bool) -> BackMsg | None:
        block = self.expander(label)
        ident = block.proto.expandable.id
        if not ident:
            return None
        self.committed[ident] = WidgetState(id=ident, bool_value=expanded)
        return self._rerun(fragment=block.fragment)

    def due(self, now: float) -> list[str]:
        """Fragments whose ``run_every`` timer fires by ``now`` (one each, earliest first)."""
        fired = sorted((t.due, f) for f, t in self.timers.items() if t.due <= now)
        for _, fragment in fired:
            self.timers[fragment].due += self.timers[fragment].interval
        return [f for _, f in fired]

    def auto_rerun(self, fragment: str) -> BackMsg:
        return self._rerun(fragment=fragment, auto=True)

    def _rerun(self, fragment: str = "", auto: bool = False,
               extra: list[WidgetState] = ()) -> BackMsg:
        msg = BackMsg()
        state = msg.rerun_script
        state.query_string = self.query
        state.page_script_hash = self.page_hash
        state.fragment_id = fragment
        state.is_auto_rerun = auto
        for key, value in CONTEXT.items():
            setattr(state.context_info, key, value)
        triggers = {w.id for w in extra}
        for ident, widget_state in self.committed.items():
            if ident not in triggers:
                state.widget_states.widgets.add().CopyFrom(widget_state)
        for widget_state in extra:
            state.widget_states.widgets.add().CopyFrom(widget_state)
        self.finished, self.running = None, True
        self.requested, self.chain_runs = fragment, 0
        return msg
