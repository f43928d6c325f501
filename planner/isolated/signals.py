"""SIGINT and SIGTERM as a stop request: the search ends early and the best plan is written.

A second signal means "now": it raises :class:`KeyboardInterrupt`, which kills the solver's
child process on its way out (the command then exits 130 without writing anything).
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


@contextmanager
def stop_on_signals(stop: threading.Event) -> Iterator[None]:
    """Set ``stop`` on the first SIGINT or SIGTERM inside the block; raise KeyboardInterrupt on
    a second one. Outside the main thread (where Python allows no handlers) nothing changes.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum: int, frame: FrameType | None) -> None:
        if stop.is_set():
            raise KeyboardInterrupt
        stop.set()

    previous = {sig: signal.signal(sig, handler) for sig in STOP_SIGNALS}
    try:
        yield
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)
