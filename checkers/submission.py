"""Reading a learner's file on the host, safely: bounded, decoded, parsed — or a clear reason.

Whatever the file holds, reading it never raises: a file too big, not UTF-8, with a NUL
byte, with a syntax error or nested too deeply for the parser yields an error a learner can
act on, and the rest of a batch is graded as if that file were not there. A UTF-8 byte-order
mark (which some Windows editors write) is not an error: it is dropped.
"""
from __future__ import annotations

import ast
from dataclasses import dataclass

MAX_SOURCE_BYTES = 200_000
BOM = "\ufeff"


@dataclass(frozen=True)
class Source:
    text: str
    tree: ast.Module | None
    error: dict | None


def syntax_message(exc: SyntaxError) -> str:
    """A syntax error as a learner reads it: the line, Python's words, the offending text."""
    where = f"Line {exc.lineno}" if exc.lineno else "Your code"
    text = (exc.text or "").strip()
    shown = f": `{text[:120]}`" if text else ""
    return f"{where} has a syntax error ({exc.msg}){shown}. Python could not read the file."


def from_bytes(data: bytes) -> str:
    """File bytes as text; bytes that are not UTF-8 survive as surrogates (and are refused)."""
    return data.decode("utf-8", "surrogateescape")


def read(text: str) -> Source:
    if text.startswith(BOM):
        text = text[1:]
    size = len(text.encode("utf-8", "surrogateescape"))
    if size > MAX_SOURCE_BYTES:
        return Source(text, None, {"kind": "forbidden", "message": f"Your file is {size // 1000} "
                      f"KB; a submission may be at most {MAX_SOURCE_BYTES // 1000} KB."})
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return Source(text, None, {"kind": "syntax",
                                   "message": "Your file is not UTF-8 text; save it as UTF-8."})
    if "\x00" in text:
        return Source(text, None, {"kind": "syntax",
                                   "message": "Your file contains a NUL byte; save it as text."})
    try:
        tree = ast.parse(text, filename="app.py")
    except SyntaxError as exc:
        return Source(text, None, {"kind": "syntax", "message": syntax_message(exc)})
    except (RecursionError, MemoryError, ValueError, SystemError):
        # SystemError: CPython 3.11's parser can report a too-deep tree that way in a thread
        return Source(text, None, {"kind": "syntax", "message": "Your code nests expressions "
                      "more deeply than Python (and the grader) can read; split it up."})
    return Source(text, tree, None)
