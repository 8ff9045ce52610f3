"""Frames on the one channel between the judge and the app side (a Unix socket pair).

A frame is a kind byte, a 4-byte big-endian length and a body. Both sides import this module;
it holds no course content. The judge treats everything that arrives as untrusted input: a
frame longer than the reader's cap, an unknown kind or a body that does not parse ends the
job with a clear error, never with an exception in the judge.

Judge to app side:  ``J`` the job (JSON: the script), ``B`` a BackMsg for a browser tab
(a 2-byte tab number, then the protobuf), ``A`` the answer to a call (JSON head line, then a
pickle), ``K`` the scenario clock (JSON), ``X`` a tab was closed (the tab number).
App side to judge:  ``H`` hello (the app side is ready), ``F`` a ForwardMsg for a tab (a tab
number, then the protobuf), ``C`` a call of a course service (JSON), ``D`` a BackMsg was dropped
because its fragment no longer exists (JSON), ``E`` the script called ``sys.exit()`` (its run
will never finish). Nothing the app side sends can speak for the
grader: its failures are the app's.
"""
from __future__ import annotations

import json
import os
import struct

HEADER = struct.Struct(">cI")
TAB = struct.Struct(">H")
NO_TAB = 0xFFFF
JOB, BACK, ANSWER, CLOCK, CLOSE = b"J", b"B", b"A", b"K", b"X"
HELLO, FORWARD, CALL, DROPPED, EXITED = b"H", b"F", b"C", b"D", b"E"
JUDGE_KINDS = frozenset({JOB, BACK, ANSWER, CLOCK, CLOSE})
APP_KINDS = frozenset({HELLO, FORWARD, CALL, DROPPED, EXITED})


class WireError(Exception):
    """The other side sent something that is not a valid frame, or went away."""


def frame(kind: bytes, body: bytes) -> bytes:
    return HEADER.pack(kind, len(body)) + body


def tabbed(tab: int, body: bytes) -> bytes:
    return TAB.pack(tab) + body


def untab(body: bytes) -> tuple[int, bytes]:
    if len(body) < TAB.size:
        raise WireError("a tab frame without a tab")
    return TAB.unpack_from(body)[0], body[TAB.size:]


def send_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


class Reader:
    """Frames from an untrusted fd (judge side): the caller waits for the fd to be readable
    and calls ``pull``; ``pop`` returns whole frames. A frame kind outside ``kinds`` or
    longer than ``cap`` is a WireError."""

    def __init__(self, fd: int, kinds: frozenset[bytes], cap: int) -> None:
        self.fd, self.kinds, self.cap = fd, kinds, cap
        self.buffer = bytearray()
        self.closed = False
        self.received = 0

    def pull(self) -> None:
        try:
            chunk = os.read(self.fd, 1 << 16)
        except ConnectionResetError:
            chunk = b""
        except BlockingIOError:
            return
        if not chunk:
            self.closed = True
        self.received += len(chunk)
        self.buffer += chunk

    def pop(self) -> tuple[bytes, bytes] | None:
        if len(self.buffer) < HEADER.size:
            return None
        kind, size = HEADER.unpack_from(self.buffer)
        if kind not in self.kinds:
            raise WireError(f"an unknown frame kind {kind!r}")
        if size > self.cap:
            raise WireError(f"a frame of {size} bytes (the limit is {self.cap})")
        if len(self.buffer) < HEADER.size + size:
            return None
        body = bytes(self.buffer[HEADER.size:HEADER.size + size])
        del self.buffer[:HEADER.size + size]
        return kind, body


def read_frame(fd: int) -> tuple[bytes, bytes] | None:
    """Blocking read of one frame (app side, which trusts the judge); None at end of stream."""
    head = _exact(fd, HEADER.size)
    if head is None:
        return None
    kind, size = HEADER.unpack(head)
    body = _exact(fd, size)
    if body is None:
        return None
    return kind, body


def _exact(fd: int, size: int) -> bytes | None:
    chunks, left = [], size
    while left:
        chunk = os.read(fd, min(left, 1 << 20))
        if not chunk:
            return None
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def load_json(body: bytes, limit: int = 1 << 20) -> dict:
    """A JSON object from an untrusted body, or WireError."""
    if len(body) > limit:
        raise WireError(f"a JSON body of {len(body)} bytes")
    try:
        value = json.loads(body)
    except (ValueError, RecursionError) as exc:
        raise WireError(f"a body that is not JSON ({type(exc).__name__})") from None
    if not isinstance(value, dict):
        raise WireError("a JSON body that is not an object")
    return value
