"""Beyond one machine: two ``streamlit run`` replicas behind Debian's nginx, configured with the
shipped ``course/deploy/nginx-speedlit.conf``, sharing one PostgreSQL. A learner's browser
sticks to one replica (the route cookie); when that replica goes away, the next request goes
to the other, and the learner's draft is there — it lives in the database, not the server. A
learner's live app (Run) is reached on the replica that runs it, by the route in its path."""
from __future__ import annotations

import json
import shutil
import subprocess
import time
import urllib.request
import uuid
from pathlib import Path

import pytest
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.sync.client import connect

from checkers.display import flatten
from checkers.judge import snapshot
from checkers.judge.browser import Tab
from tests.databases import unavailable
from tests.ws_browser import Browser

REPO = Path(__file__).resolve().parent.parent
CONFIG = REPO / "course" / "deploy" / "nginx-speedlit.conf"
EXERCISE = "cache-data-load"


@pytest.fixture
def nginx(tmp_path, free_port):
    """Factory: nginx on a free port in front of ``replicas`` (their "host:port"), with the
    shipped site config (only the addresses changed)."""
    binary = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists()
                                       else None)
    if binary is None:
        unavailable("nginx is not installed (Debian: apt-get install nginx)")
    started = []

    def start(replicas: list[str]) -> str:
        port = free_port()
        site = CONFIG.read_text()
        assert "server 127.0.0.1:8501" in site and "listen 80;" in site
        lines = [line for line in site.splitlines() if "server 127.0.0.1:850" not in line]
        upstream = lines.index("    hash $speedlit_route consistent;")
        for n, address in enumerate(replicas):
            lines.insert(upstream + 1 + n, f"    server {address} max_fails=1 fail_timeout=10s;")
        site = "\n".join(lines).replace("listen 80;", f"listen 127.0.0.1:{port};")
        (tmp_path / "site.conf").write_text(site)
        for folder in ("logs", "temp"):
            (tmp_path / folder).mkdir(exist_ok=True)
        (tmp_path / "nginx.conf").write_text(f"""
pid {tmp_path}/nginx.pid;
error_log {tmp_path}/logs/error.log;
worker_processes 1;
events {{ worker_connections 256; }}
http {{
    access_log {tmp_path}/logs/access.log;
    client_body_temp_path {tmp_path}/temp/body;
    proxy_temp_path {tmp_path}/temp/proxy;
    fastcgi_temp_path {tmp_path}/temp/fastcgi;
    uwsgi_temp_path {tmp_path}/temp/uwsgi;
    scgi_temp_path {tmp_path}/temp/scgi;
    include {tmp_path}/site.conf;
}}
""")
        check = subprocess.run([binary, "-t", "-p", str(tmp_path), "-c",
                                str(tmp_path / "nginx.conf")], capture_output=True, text=True)
        assert check.returncode == 0, check.stderr
        process = subprocess.Popen([binary, "-p", str(tmp_path), "-c",
                                    str(tmp_path / "nginx.conf"), "-g", "daemon off;"],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        started.append(process)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2)
                return f"127.0.0.1:{port}"
            except OSError:
                time.sleep(0.1)
        pytest.fail((tmp_path / "logs" / "error.log").read_text())

    yield start
    for process in started:
        process.terminate()
        process.wait(timeout=10)


def visit(base: str, cookie: str = "") -> tuple[str, str]:
    """GET / through the proxy: (the route cookie, the replica that answered)."""
    request = urllib.request.Request(f"http://{base}/", headers={"Cookie": cookie} if cookie
                                     else {})
    with urllib.request.urlopen(request, timeout=30) as response:
        route = next(v.split(";")[0] for k, v in response.headers.items()
                     if k.lower() == "set-cookie" and v.startswith("speedlit_route="))
        return route, response.headers["X-Speedlit-Replica"]


def test_a_learner_keeps_their_work_when_their_replica_goes_away(postgres, streamlit_server,
                                                                 nginx):
    url = postgres.url()
    env = {"SPEEDLIT_PROGRESS_URL": url, "SPEEDLIT_GRADING_WORKERS": "1",
           "SPEEDLIT_GRADING_OVERFLOW": "0"}
    replicas = [streamlit_server("streamlit_app.py", cwd=REPO, env=env) for _ in range(2)]
    addresses = [r.removeprefix("http://") for r in replicas]
    proxy = nginx(addresses)

    # The browser's first request gets its route; every later one goes to the same replica.
    route, first = visit(proxy)
    assert first in addresses
    assert {visit(proxy, route)[1] for _ in range(5)} == {first}
    others = {visit(proxy)[1] for _ in range(12)}  # other browsers spread over both
    assert others == set(addresses)

    learner = Browser(proxy, cookie=route)
    learner.open(f"exercise-{EXERCISE}")
    me = dict(p.split("=", 1) for p in learner.tab.query.split("&") if p)["me"]
    draft = f"# my draft {uuid.uuid4().hex}\nimport streamlit as st\nst.write('hello')\n"
    learner.act(learner.tab.set(learner.editor()["key"],
                                {"id": uuid.uuid4().hex[:8], "type": "change", "text": draft,
                                 "lang": "python"}))
    learner.close()

    serving = next(s for s in streamlit_server.servers if s.url.endswith(first))
    serving.stop()  # the replica goes away (a crash, a redeploy)

    again = Browser(proxy, cookie=route)  # the browser reconnects, same cookie, same link
    again.open(f"exercise-{EXERCISE}", f"me={me}")
    assert again.editor()["args"]["code"] == draft
    assert visit(proxy, route)[1] != first  # served by the other replica now
    again.close()


def test_a_live_app_is_reached_on_the_replica_that_runs_it(postgres, streamlit_server, nginx):
    """Run starts the learner's app live on their replica; its page (an origin of its own,
    so it sends no cookies) reaches that replica by the route at the head of its address."""
    env = {"SPEEDLIT_PROGRESS_URL": postgres.url(), "SPEEDLIT_GRADING_WORKERS": "1",
           "SPEEDLIT_GRADING_OVERFLOW": "0", "SPEEDLIT_LIVE_APPS": "1"}
    replicas = [streamlit_server("streamlit_app.py", cwd=REPO, env=env) for _ in range(2)]
    proxy = nginx([r.removeprefix("http://") for r in replicas])
    route, serving = visit(proxy)
    learner = Browser(proxy, cookie=route)
    learner.open(f"exercise-{EXERCISE}")
    learner.act(learner.tab.click(f"run:{EXERCISE}"))
    (frame,) = [e for e in learner.elements() if e.get("type") == "iframe"]
    src = frame["proto"]["src"]
    assert src.startswith(f"/live/{route.split('=', 1)[1]}.") and src.endswith("/?embed=true")
    base = src.removesuffix("?embed=true")

    for _ in range(8):  # no cookie, as from the page's own origin: always its replica
        with urllib.request.urlopen(f"http://{proxy}{base}_stcore/health", timeout=10) as got:
            assert got.read() == b"ok" and got.headers["X-Speedlit-Replica"] == serving
    with urllib.request.urlopen(f"http://{serving}/live/status", timeout=10) as got:
        assert json.load(got)["running"] == 1
    with connect(f"ws://{proxy}{base}_stcore/stream", subprotocols=["streamlit"],
                 max_size=None, open_timeout=30, additional_headers={"Origin": "null"}) as ws:
        tab = Tab(0)
        ws.send(tab.open().SerializeToString())
        deadline = time.monotonic() + 60
        while not tab.idle and time.monotonic() < deadline:
            tab.receive(ForwardMsg.FromString(ws.recv(timeout=60)), 0.0)
        assert tab.idle
        titles = [e.get("value") for e in flatten(snapshot.page(tab.page, tab))
                  if e.get("type") == "title"]
        assert titles == ["Sales explorer"]
    learner.close()
