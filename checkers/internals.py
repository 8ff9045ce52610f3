"""Every place Speedlit reaches into Streamlit below its documented API, in one module.

Each touchpoint is a small function with a contract test in ``tests/test_internals.py``, so
an upgrade of the pinned Streamlit that moves one of them fails there, by name, instead of
somewhere deep in grading. Nothing here holds course content: the sandboxed app side imports
this module too.
"""
from __future__ import annotations

import json
import time
from typing import Any, Callable

#: Server options the app side runs with: no file watching (the script never changes), no
#: collection after every run (a warm, frozen heap makes it pure cost), errors in full (the
#: learner's line is read from them), quiet logs (they would land in the learner's output).
APP_SIDE_OPTIONS = {
    "server.fileWatcherType": "none",
    "runner.postScriptGC": False,
    "client.showErrorDetails": "full",
    "browser.gatherUsageStats": False,
    "global.developmentMode": False,
    "logger.level": "error",
}
#: A call of a course service travels in the session's own message queue, as a
#: ``parent_message`` with this prefix, so it reaches the judge after every delta the app
#: sent before it: the page at that moment is what a browser shows while the call waits.
CALL_MARKER = "speedlit-call:"


def set_options(options: dict[str, Any]) -> None:
    """``streamlit.config.set_option`` (internal: ``st.set_option`` refuses server options)."""
    from streamlit import config

    for key, value in options.items():
        config.set_option(key, value)


def new_runtime(script_path: str, components=None):
    """A ``Runtime`` for ``script_path`` with in-memory storage, as ``streamlit run`` builds it.
    ``components`` is a component manager whose discovery already ran (see ``components``)."""
    from streamlit.runtime import Runtime, RuntimeConfig
    from streamlit.runtime.caching.storage.dummy_cache_storage import MemoryCacheStorageManager
    from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
    from streamlit.runtime.memory_uploaded_file_manager import MemoryUploadedFileManager

    return Runtime(RuntimeConfig(
        script_path=script_path,
        media_file_storage=MemoryMediaFileStorage("/media"),
        uploaded_file_manager=MemoryUploadedFileManager("/_stcore/upload_file"),
        cache_storage_manager=MemoryCacheStorageManager(),
        bidi_component_registry=components or _discovered(),
    ))


def flush_at_once() -> None:
    """Send messages as soon as they are enqueued (private ``runtime.MESSAGE_FLUSH_INTERVAL_SECS``,
    5 ms). A browser over a network gains from batching; the judge, one socket away, only
    waits: two flush cycles were most of each rerun's time under grading."""
    from streamlit.runtime import runtime

    runtime.MESSAGE_FLUSH_INTERVAL_SECS = 0.0


def forget_runtime() -> None:
    """Let a new ``Runtime`` be made in this process (private ``Runtime._instance``): the
    zygote warms up with one runtime and every job forked from it makes its own."""
    from streamlit.runtime import Runtime

    Runtime._instance = None


def _discovered():
    from streamlit.components.v2.component_manager import BidiComponentManager

    class Discovered(BidiComponentManager):
        """Discovery scans every installed package (~0.2 s); the zygote did it once."""

        def discover_and_register_components(self, *args: Any, **kwargs: Any) -> None:
            return None

    return Discovered()


def set_cache_clock(clock: Callable[[], float]) -> None:
    """The clock ``ttl`` is measured with (private ``cache_utils.TTLCACHE_TIMER``)."""
    from streamlit.runtime.caching import cache_utils

    cache_utils.TTLCACHE_TIMER = clock


def cache_clock() -> Callable[[], float]:
    from streamlit.runtime.caching import cache_utils

    return cache_utils.TTLCACHE_TIMER


def session_of_this_thread() -> str | None:
    """The id of the Streamlit session whose script runs in this thread, if any."""
    from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

    ctx = get_script_run_ctx(suppress_warning=True)
    return ctx.session_id if ctx else None


def enqueue_call(request: dict) -> bool:
    """Put a call marker in this thread's session queue; False outside a script run."""
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
    from streamlit.runtime.scriptrunner_utils.script_run_context import (NoSessionContext,
                                                                         enqueue_message)

    msg = ForwardMsg()
    msg.parent_message.message = CALL_MARKER + json.dumps(request)
    try:
        enqueue_message(msg)
    except NoSessionContext:
        return False
    return True


def call_in(msg) -> dict | None:
    """The call request a ForwardMsg carries, if it is a call marker."""
    if msg.WhichOneof("type") != "parent_message":
        return None
    text = msg.parent_message.message
    if not text.startswith(CALL_MARKER):
        return None
    return json.loads(text[len(CALL_MARKER):])


def has_fragment(runtime, session_id: str, fragment_id: str) -> bool:
    """Whether a rerun of ``fragment_id`` would run anything (``AppSession.has_fragment``)."""
    session = runtime.get_app_session(session_id)
    return session is not None and session.has_fragment(fragment_id)


def monotonic_with(offset: list[float]) -> Callable[[], float]:
    """A monotonic clock moved forward by ``offset[0]`` seconds."""
    return lambda: time.monotonic() + offset[0]


#: ``CachedFunc`` methods that run the user's function: a miss in the script thread, and a
#: ``refresh_mode="background"`` refresh in Streamlit's refresh pool.
CACHE_COMPUTING = ("_handle_cache_miss", "_handle_cache_miss_async", "_run_background_refresh")


def cached_frames(frame) -> list[dict]:
    """The Streamlit-cached functions computing in this thread right now, outermost first:
    each one's kind and options as Streamlit holds them (private ``CachedFunc._info`` and the
    ``cache`` a miss is written to), read from the frames of ``_handle_cache_miss``. This is
    the app's own account of itself; the judge checks it against the source."""
    from streamlit.runtime.caching.cache_utils import CachedFunc

    found = []
    while frame is not None:
        me = frame.f_locals.get("self") if frame.f_code.co_name in CACHE_COMPUTING else None
        if isinstance(me, CachedFunc):
            info, cache = me._info, frame.f_locals.get("cache")
            func = info.func
            code = getattr(func, "__code__", None)
            ttl = getattr(cache, "fresh_ttl_seconds", getattr(cache, "ttl_seconds", None))
            found.append({
                "kind": "cache_data" if info.cache_type.name == "DATA" else "cache_resource",
                "function": str(getattr(func, "__qualname__", "?"))[:200],
                "line": code.co_firstlineno if code else None,
                "ttl": ttl if isinstance(ttl, (int, float)) and ttl != float("inf") else None,
                "max_entries": getattr(info, "max_entries", None),
                "persist": getattr(info, "persist", None),
                "scope": getattr(info, "scope", "global"),
                "refresh": getattr(info, "refresh_mode", "foreground"),
            })
        frame = frame.f_back
    return list(reversed(found))[:8]


class _SpinnerTimers:
    """Spinners show only after ``spinner.DELAY_SECS`` (0.5 s); under grading a service
    answers at once, so nothing would ever wait that long. Streamlit's spinner module gets a
    ``threading`` whose ``Timer`` registers each spinner's timer; when the script thread
    calls a service whose latency (modelled time) reaches the delay, the spinner is shown
    before the call, as a browser would show it while the call waits (private module global
    ``streamlit.elements.spinner.threading``)."""

    def __init__(self) -> None:
        import threading

        self.pending: dict[int, list] = {}
        registry = self.pending

        class Timer(threading.Timer):
            def __init__(self, interval, function, *args, **kwargs):
                super().__init__(interval, function, *args, **kwargs)
                self.modelled = 0.0
                registry.setdefault(threading.get_ident(), []).append(self)

        self.namespace = type("threading", (), {"Timer": Timer, "Lock": threading.Lock})

    def install(self) -> None:
        from streamlit.elements import spinner

        spinner.threading = self.namespace

    def wait(self, seconds: float) -> None:
        """This thread is about to wait ``seconds``: show the spinners that would appear."""
        import threading

        alive = []
        for timer in self.pending.get(threading.get_ident(), []):
            if timer.finished.is_set():
                continue
            timer.modelled += seconds
            if timer.modelled >= timer.interval:
                timer.cancel()
                timer.function(*timer.args, **timer.kwargs)
            else:
                alive.append(timer)
        self.pending[threading.get_ident()] = alive


spinner_timers = _SpinnerTimers()


# ---------------------------------------------------------------- a live app's browser side
#: What Streamlit's frontend asks its server for, relative to the base path it reads from its
#: own address (``window.location``: the path without its slashes, then its parent): the
#: WebSocket, the health check and the host's configuration (read from the pinned bundle).
FRONTEND_STREAM, FRONTEND_HEALTH, FRONTEND_HOST_CONFIG = (
    "_stcore/stream", "_stcore/health", "_stcore/host-config")


def frontend_dir() -> str:
    """Where the installed Streamlit keeps its built frontend (``file_util.get_static_dir``):
    ``index.html``, which loads ``./static/…`` relative to the page's own address."""
    from streamlit import file_util

    return file_util.get_static_dir()


def host_config() -> dict:
    """The body of ``_stcore/host-config`` as Streamlit's server words it
    (``starlette_routes.create_host_config_routes``), for a page no host frame may drive."""
    return {"allowedOrigins": [], "useExternalAuthToken": False,
            "enableCustomParentMessages": False, "enforceDownloadInNewTab": False,
            "metricsUrl": "", "blockErrorDialogs": False, "resourceCrossOriginMode": None}
