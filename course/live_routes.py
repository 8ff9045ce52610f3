"""The browser side of a live app (``checkers.live``), served by the course's own server.

``streamlit run streamlit_app.py`` finds ``app = st.App(…, routes=routes())`` in the entry
script and serves these beside the course. Under ``/live/<token>/`` — the token is the
unguessable one of a running live app, and the only key to it — a browser gets Streamlit's
own frontend (the installed package's ``index.html`` and assets). That frontend reads its
server's address from its own (``/live/<token>``), checks ``_stcore/health`` and
``_stcore/host-config`` there and opens its WebSocket at ``_stcore/stream``, which is bridged
to the live app: BackMsgs to the sandbox, ForwardMsgs back. The learner's code runs in the
sandbox; this process only relays bytes the live app has validated.

The page is served with ``Content-Security-Policy: sandbox``: whatever the learner's app
makes its browser do (scripts in ``st.components.v1.html``, say) runs in an origin of its
own, never with the course's — a live app's address handed to someone else cannot act as
them on the course. So its requests come from an opaque origin, and the assets, health check
and host configuration say ``Access-Control-Allow-Origin: *`` (they hold nothing private).

``/live/status`` says how many live apps run and their sandbox processes (for operators and
tests).
"""
from __future__ import annotations

import asyncio
import os
import re
import threading
from functools import lru_cache

from checkers import internals, live

#: A replica's route, as nginx makes it (``$request_id``: 32 hex digits).
ROUTE = re.compile(r"[0-9A-Za-z]{1,64}")
ROUTE_COOKIE = "speedlit_route"
#: At most this many ForwardMsgs, or bytes, wait for a browser that reads too slowly; then it
#: is let go.
MAX_WAITING = 5000
MAX_BACKLOG = 64 << 20
SANDBOX_POLICY = ("sandbox allow-scripts allow-forms allow-popups "
                  "allow-popups-to-escape-sandbox allow-downloads allow-modals")
OPEN = {"Access-Control-Allow-Origin": "*"}
GONE = """<!doctype html><meta charset="utf-8"><title>Live app stopped</title>
<body style="font-family: sans-serif; color: #555; padding: 1rem">
<p>This live app has stopped. Press <b>Run</b> on the exercise page to start it again.</p>"""


def prefix() -> str:
    """``/live``, under the server's ``server.baseUrlPath`` when it has one."""
    from streamlit import config

    base = (config.get_option("server.baseUrlPath") or "").strip("/")
    return f"/{base}/live" if base else "/live"


def address(token: str, route: str | None = None) -> str:
    """The same-origin address of a live app's page, embedded (no Streamlit chrome). Behind
    the replicas of DEPLOYMENT.md, ``route`` (the browser's ``speedlit_route`` cookie) leads
    it: the page's own requests carry no cookies (it has an origin of its own), so nginx
    finds the replica that runs the app by the route at the head of the path."""
    key = f"{route}.{token}" if route and ROUTE.fullmatch(route) else token
    return f"{prefix()}/{key}/?embed=true"


def _find(key: str):
    """The live app a path's key names (``<token>`` or ``<route>.<token>``)."""
    return live.find(key.rsplit(".", 1)[-1])


@lru_cache(maxsize=1)
def _index() -> bytes:
    with open(os.path.join(internals.frontend_dir(), "index.html"), "rb") as handle:
        return handle.read()


def routes() -> list:
    from starlette.responses import (HTMLResponse, JSONResponse, PlainTextResponse,
                                     RedirectResponse, Response)
    from starlette.routing import Mount, Route, WebSocketRoute
    from starlette.staticfiles import StaticFiles

    root = prefix()
    frontend = internals.frontend_dir()

    async def status(request):
        apps = live.running()
        return JSONResponse({"running": len(apps), "pids": [a.pid for a in apps]},
                            headers={"Cache-Control": "no-cache"})

    async def page(request):
        if _find(request.path_params["token"]) is None:
            return HTMLResponse(GONE, status_code=404, headers={"Cache-Control": "no-cache"})
        return Response(_index(), media_type="text/html", headers={
            "Cache-Control": "no-cache", "Content-Security-Policy": SANDBOX_POLICY,
            "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer"})

    async def slash(request):
        query = request.url.query
        return RedirectResponse(f"{request.url.path}/" + (f"?{query}" if query else ""),
                                status_code=307)

    async def health(request):
        if request.method == "OPTIONS":
            return Response(status_code=204, headers={**OPEN, "Cache-Control": "no-cache"})
        alive = _find(request.path_params["token"]) is not None
        return PlainTextResponse("ok" if alive else "This live app has stopped.",
                                 status_code=200 if alive else 503,
                                 headers={**OPEN, "Cache-Control": "no-cache"})

    async def host_config(request):
        return JSONResponse(internals.host_config(),
                            headers={**OPEN, "Cache-Control": "no-cache"})

    async def small_file(request):
        name = request.path_params["name"]
        if name not in ("favicon.png", "manifest.json"):
            return PlainTextResponse("Not found", status_code=404)
        with open(os.path.join(frontend, name), "rb") as handle:
            body = handle.read()
        kind = "image/png" if name.endswith(".png") else "application/json"
        return Response(body, media_type=kind, headers=OPEN)

    return [
        Route(f"{root}/status", status, methods=["GET"]),
        Route(f"{root}/{{token}}", slash, methods=["GET", "HEAD"]),
        Route(f"{root}/{{token}}/", page, methods=["GET", "HEAD"]),
        Route(f"{root}/{{token}}/{internals.FRONTEND_HEALTH}", health,
              methods=["GET", "HEAD", "OPTIONS"]),
        Route(f"{root}/{{token}}/{internals.FRONTEND_HOST_CONFIG}", host_config,
              methods=["GET"]),
        WebSocketRoute(f"{root}/{{token}}/{internals.FRONTEND_STREAM}", stream),
        Mount(f"{root}/{{token}}/static",
              app=_Open(StaticFiles(directory=os.path.join(frontend, "static")))),
        Route(f"{root}/{{token}}/{{name}}", small_file, methods=["GET", "HEAD"]),
    ]


class _Open:
    """The frontend's assets, readable from the page's opaque origin and cached for long
    (their names hold their hashes)."""

    def __init__(self, files) -> None:
        self.files = files

    async def __call__(self, scope, receive, send) -> None:
        async def sending(message) -> None:
            if message["type"] == "http.response.start" and message.get("status") == 200:
                message = {**message, "headers": list(message.get("headers", [])) + [
                    (b"access-control-allow-origin", b"*"),
                    (b"cache-control", b"public, max-age=31536000, immutable")]}
            await send(message)

        await self.files(scope, receive, sending)


async def stream(websocket) -> None:
    """One browser tab of a live app: its WebSocket, bridged to the app in the sandbox."""
    from starlette.websockets import WebSocketDisconnect

    app = _find(websocket.path_params["token"])
    origin = websocket.headers.get("origin")
    if app is None or not _origin_ok(origin, websocket.headers.get("host")):
        await websocket.close(code=1008)
        return
    offered = [p.strip() for p in websocket.headers.get("sec-websocket-protocol", "").split(",")]
    await websocket.accept(subprotocol="streamlit" if "streamlit" in offered else None)
    loop = asyncio.get_running_loop()
    waiting: asyncio.Queue = asyncio.Queue()
    backlog = [0]  # bytes waiting for this browser
    counting = threading.Lock()

    def deliver(raw: bytes | None) -> None:  # the live app's thread
        with counting:
            if raw is not None:
                backlog[0] += len(raw)
                if waiting.qsize() > MAX_WAITING or backlog[0] > MAX_BACKLOG:
                    raw = None  # this browser cannot keep up: let it go (it may reconnect)
        loop.call_soon_threadsafe(waiting.put_nowait, raw)

    tab = app.connect(deliver)
    if tab is None:
        await websocket.close(code=1013)  # ended, or enough browsers already
        return

    async def to_browser() -> None:
        while True:
            raw = await waiting.get()
            if raw is None:
                await websocket.close(code=1001)
                return
            await websocket.send_bytes(raw)
            with counting:
                backlog[0] -= len(raw)

    sender = asyncio.create_task(to_browser())
    try:
        while True:
            message = await websocket.receive()
            if message["type"] == "websocket.disconnect":
                break
            data = message.get("bytes")
            if data is None or not app.send_back(tab, data):  # text, or not a BackMsg
                break
    except (WebSocketDisconnect, RuntimeError):
        pass
    finally:
        app.disconnect(tab)
        sender.cancel()
        try:
            await websocket.close()
        except Exception:  # closed already
            pass


def _origin_ok(origin: str | None, host: str | None) -> bool:
    """The page's own opaque origin ("null"), the course's, or none (not a browser)."""
    if origin in (None, "null"):
        return True
    from urllib.parse import urlparse

    return bool(host) and urlparse(origin).netloc == host
