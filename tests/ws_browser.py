"""A browser session on a real ``streamlit run`` server, over Streamlit's own WebSocket
protocol: the frontend's behaviour is ``checkers.judge.browser.Tab`` (read from the pinned
1.67 bundle), the wire is ``websockets``. Used by the replica test and by
``bench/classroom_load.py``; nothing here reaches into the server process."""
from __future__ import annotations

import time

from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.sync.client import connect

from checkers.display import flatten
from checkers.judge import snapshot
from checkers.judge.browser import Tab

TIMEOUT = 120.0


class Browser:
    """One browser connection (a session): a ``Tab`` on a WebSocket to ``base`` (host:port,
    maybe behind a proxy), sending ``cookie`` as a browser would."""

    def __init__(self, base: str, cookie: str = "") -> None:
        headers = {"Cookie": cookie} if cookie else None
        self.ws = connect(f"ws://{base}/_stcore/stream", subprotocols=["streamlit"],
                          max_size=None, open_timeout=60, ping_interval=None,
                          additional_headers=headers).__enter__()
        self.tab = Tab(0)

    def act(self, msg, timeout: float = TIMEOUT) -> float:
        """Send the BackMsg a user action makes; seconds until the page is idle again."""
        started = time.perf_counter()
        self.tab.finished, self.tab.running, self.tab.chain_runs = None, True, 0
        self.ws.send(msg.SerializeToString())
        deadline = started + timeout
        while not self.tab.idle:
            left = deadline - time.perf_counter()
            if left <= 0:
                raise TimeoutError(f"the page did not finish within {timeout:.0f} s")
            forward = ForwardMsg()
            forward.ParseFromString(self.ws.recv(timeout=left))
            self.tab.receive(forward, time.monotonic())
        return time.perf_counter() - started

    def open(self, page: str, query: str = "") -> float:
        msg = self.tab.open(page, query)
        msg.rerun_script.page_script_hash = ""  # by URL path, as a new address bar would
        return self.act(msg)

    def elements(self) -> list[dict]:
        return flatten(snapshot.page(self.tab.page, self.tab))

    def editor(self) -> dict:
        return next(e for e in self.elements()
                    if e.get("type") == "component" and "editor:" in (e.get("key") or ""))

    def close(self) -> None:
        self.ws.close()
