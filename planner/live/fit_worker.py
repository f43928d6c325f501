"""The desk's searches in a process of their own, so that a server's readers never wait for one.

A fit is pure Python and holds the interpreter's lock while it searches: in a server's process,
four receptionists fitting courses would make every reader of the plan wait for its turn.
:class:`FitWorker` keeps a second :class:`~planner.live.desk.Desk` warm in a child process (its
own scenario, published plan and fit context, read from the same folder and archive, so its
answers are the in-process desk's) and asks it over a pipe, one fit at a time. The child is a
fresh interpreter, like the re-plans' (:mod:`planner.isolated`), and the kernel ends it with its
parent; a worker that died is started again by the next fit.
"""

from __future__ import annotations

import contextlib
import subprocess
import sys
import threading
from dataclasses import dataclass
from datetime import datetime
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from planner.fit import FitRequest
from planner.isolated.child import die_with_parent
from planner.isolated.process import start_child
from planner.live.desk import Desk, DeskFit, DeskRequestError
from planner.live.spa import LiveSpa, SpaUnavailable

CHILD_CODE = "from planner.live.fit_worker import main; main()"
# Seconds a worker asked to stop may take before it is killed.
STOP_GRACE_SECONDS = 5.0


class FitWorkerFailed(RuntimeError):
    """The worker's search raised an error that is not the request's or the spa's (a bug)."""


@dataclass(frozen=True)
class WorkerSpa:
    """What the worker needs to open the same spa as its parent."""

    folder: Path
    archive_url: str
    exports: Path
    now: datetime | None
    lock_wait: float
    lead_minutes: int

    @classmethod
    def of(cls, spa: LiveSpa, lead_minutes: int) -> WorkerSpa:
        """The worker's view of ``spa``."""
        return cls(spa.folder, spa.archive_url, spa.exports, spa.fixed_now, spa.lock_wait,
                   lead_minutes)  # fmt: skip


class FitWorker:
    """A child process that keeps a desk warm and answers its fits.

    Parameters
    ----------
    spa
        The live spa the parent serves; the worker opens the same folder and archive.
    lead_minutes
        As :class:`~planner.live.desk.Desk`'s.
    """

    def __init__(self, spa: LiveSpa, lead_minutes: int = 60) -> None:
        self.spec = WorkerSpa.of(spa, lead_minutes)
        self._lock = threading.Lock()
        self._process: subprocess.Popen[bytes] | None = None
        self._requests: Connection | None = None
        self._replies: Connection | None = None

    def _start(self) -> tuple[Connection, Connection]:
        self._process, self._requests, self._replies = start_child(CHILD_CODE)
        self._requests.send(self.spec)
        return self._requests, self._replies

    def _ask(self, message: tuple[Any, ...]) -> Any:
        """Send ``message`` and wait for the answer; a worker found dead is started again once
        (a fit has no side effects, so asking again is safe)."""
        with self._lock:
            for attempt in (1, 2):
                connections = (self._requests, self._replies)
                requests, replies = self._start() if None in connections else connections
                assert requests is not None and replies is not None
                try:
                    requests.send(message)
                    kind, payload = replies.recv()
                    break
                except (EOFError, OSError):
                    self._reap()
                    if attempt == 2:
                        raise SpaUnavailable(
                            "the desk's search stopped unexpectedly; try again"
                        ) from None
        return _answer(kind, payload)

    def fit(self, request: FitRequest, top: int = 5) -> DeskFit:
        """:meth:`Desk.fit <planner.live.desk.Desk.fit>` searched in the worker."""
        answer: DeskFit = self._ask(("fit", request, top))
        return answer

    def warm(self) -> None:
        """Start the worker and have it read the spa and book its plan into its fit context."""
        self._ask(("warm",))

    def _close_pipes(self) -> None:
        for connection in (self._requests, self._replies):
            if connection is not None:
                connection.close()
        self._requests = self._replies = None

    def _reap(self) -> None:
        """Close the pipes of a worker found dead (or dying) and kill and reap it."""
        self._close_pipes()
        if self._process is not None:
            with contextlib.suppress(ProcessLookupError):
                self._process.kill()
            self._process.wait()
            self._process = None

    def close(self) -> None:
        """Stop the worker (it ends when its pipe closes; killed if it lingers)."""
        with self._lock:
            self._close_pipes()
            if self._process is not None:
                try:
                    self._process.wait(timeout=STOP_GRACE_SECONDS)
                except subprocess.TimeoutExpired:
                    self._process.kill()
                    self._process.wait()
            self._process = None


def _answer(kind: str, payload: Any) -> Any:
    """The worker's answer as the in-process desk would give it (its exceptions included)."""
    if kind == "ok":
        return payload
    if kind == "request":
        raise DeskRequestError(*payload)
    if kind == "unavailable":
        message, problems = payload
        raise SpaUnavailable(message, problems)
    raise FitWorkerFailed(payload)


def _handle(desk: Desk, message: tuple[Any, ...]) -> tuple[str, Any]:
    try:
        if message[0] == "warm":
            desk.warm()
            return "ok", None
        _, request, top = message
        return "ok", desk.fit_here(request, top)
    except DeskRequestError as error:
        return "request", (error.field, error.message)
    except SpaUnavailable as error:
        return "unavailable", (str(error), error.problems)
    except Exception as error:  # a bug: the parent raises it; the worker goes on serving
        return "failed", f"{type(error).__name__}: {error}"


def main() -> None:
    """Entry point of the worker (argv: request and reply file descriptors, parent's pid)."""
    incoming, outgoing, parent = (int(arg) for arg in sys.argv[1:4])
    die_with_parent(parent)
    requests = Connection(incoming, writable=False)
    replies = Connection(outgoing, readable=False)
    spec: WorkerSpa = requests.recv()
    spa = LiveSpa(spec.folder, spec.archive_url, spec.exports, now=spec.now,
                  lock_wait=spec.lock_wait)  # fmt: skip
    desk = Desk(spa, spec.lead_minutes)
    while True:
        try:
            message = requests.recv()
        except (EOFError, OSError):
            return  # the parent closed the pipe or died
        try:
            replies.send(_handle(desk, message))
        except (BrokenPipeError, OSError):
            return


__all__ = ["FitWorker", "FitWorkerFailed", "WorkerSpa"]
