"""The child's side: run one task, answer over a pipe, stop on SIGINT / SIGTERM with the best plan.

The parent starts ``python -c 'from planner.isolated.child import main; main()' IN OUT PARENT``
with two pipe ends: IN brings one pickled ``(target, argument)``, OUT carries the messages back
(see :mod:`planner.isolated.protocol`). Standard output and error stay the parent's, so CP-SAT's
``--log`` and any crash report of the solver reach the terminal or the cron mail as before.

Nothing but the standard library is imported before the signal handlers are in place: a stop
request that arrives while the child is still loading the solver must not kill it.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import sys
import threading
import traceback
from collections.abc import Callable
from multiprocessing.connection import Connection
from types import FrameType
from typing import TYPE_CHECKING, Any

from planner.isolated.protocol import ERROR, PROGRESS, READY, RESULT

if TYPE_CHECKING:  # nothing but the standard library before the signal handlers are in place
    from planner.model import Progress

# Linux's prctl(PR_SET_PDEATHSIG): the kernel signals the child when its parent dies.
_PR_SET_PDEATHSIG = 1


class Context:
    """What a task gets besides its argument: the stop request and a way to report progress.

    ``stop`` is set when the parent forwards SIGINT / SIGTERM; a solve ends early on it and
    still returns its best plan. :meth:`progress` may be called from any thread.
    """

    def __init__(self, stop: threading.Event, reply: Connection) -> None:
        self.stop = stop
        self._reply = reply
        self._lock = threading.Lock()

    def progress(self, progress: Progress) -> None:
        """Send a solve's progress to the parent (dropped if the parent stopped listening)."""
        with self._lock, contextlib.suppress(OSError):
            self._reply.send((PROGRESS, progress))

    def send(self, message: tuple[Any, ...]) -> None:
        """Send the final message."""
        with self._lock:
            self._reply.send(message)


def die_with_parent(parent: int) -> None:
    """Ask the kernel to kill this process when the parent dies (Linux), so that a parent ended
    with SIGKILL leaves no solver burning its cores until the time limit."""
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)


def _run(target: Callable[[Any, Context], Any], argument: Any, context: Context) -> None:
    try:
        value = target(argument, context)
        message: tuple[Any, ...] = (RESULT, value)
    except BaseException as error:  # the parent reports it; the child must answer something
        if os.environ.get("PLANNER_DEBUG"):
            traceback.print_exc()
        message = (ERROR, type(error).__name__, str(error), traceback.format_exc())
    try:
        context.send(message)
    except (OSError, ValueError):
        pass  # the parent is gone
    except Exception as error:  # e.g. a value that doesn't pickle
        context.send((ERROR, type(error).__name__, str(error), traceback.format_exc()))


def main() -> None:
    """Entry point of the child process (argv: IN and OUT file descriptors, parent's pid)."""
    stop = threading.Event()

    def handler(signum: int, frame: FrameType | None) -> None:
        stop.set()

    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, handler)
    incoming, outgoing, parent = (int(arg) for arg in sys.argv[1:4])
    die_with_parent(parent)
    reply = Connection(outgoing, readable=False)
    context = Context(stop, reply)
    context.send((READY, os.getpid()))
    with Connection(incoming, writable=False) as request:
        target, argument = request.recv()
    # The task runs in a thread so that this (main) thread stays free to run the signal
    # handler while the solver's native code holds the worker.
    worker = threading.Thread(target=_run, args=(target, argument, context), daemon=True)
    worker.start()
    while worker.is_alive():
        worker.join(0.1)
    reply.close()
    _exit_now()


def _exit_now() -> None:
    """Flush what the task printed (CP-SAT's log among it) and leave without the interpreter's
    tear-down, which takes a third of a second with the solver loaded and achieves nothing: the
    answer is sent."""
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None).fflush(None)  # the solver's own C stdio buffers
    os._exit(0)
