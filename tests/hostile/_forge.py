"""Helpers every channel-forging attack shares; the test inlines this file where an attack says
``from _forge import ...`` (an app is a single file in the sandbox)."""
import os
import stat
import time

from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

import speedlit
from checkers import wire  # the app host's own frame helpers: already loaded, no import event


def channel() -> int:
    """The socket the app host talks to the judge on (the first socket descriptor)."""
    for fd in range(3, 64):
        try:
            if stat.S_ISSOCK(os.fstat(fd).st_mode):
                return fd
        except OSError:
            pass
    raise RuntimeError("no channel")


def send(kind: bytes, body: bytes) -> None:
    """Write one frame straight into the channel (under the host's lock, so whole)."""
    with speedlit._backend.write_lock:
        wire.send_all(channel(), wire.frame(kind, body))


def forward(msg: ForwardMsg, tab: int = 0) -> None:
    send(wire.FORWARD, wire.tabbed(tab, msg.SerializeToString()))


def element(fill, path=(0, 0)) -> None:
    """A forged element at ``path``, sent once the run's own messages have gone out."""
    time.sleep(0.3)
    msg = ForwardMsg()
    msg.metadata.delta_path[:] = list(path)
    fill(msg.delta.new_element)
    forward(msg)
