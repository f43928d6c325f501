"""The parent's side: one child process per task, watched until it answers or dies.

The child is a fresh interpreter (``python -c``), not a fork: it inherits no threads, locks or
solver state, and the parent never loads CP-SAT at all, which keeps its memory small. It runs in
its own process group, so Ctrl-C at the terminal reaches only the parent, which forwards the
stop request once the child says its signal handlers are in place.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import planner
from planner.isolated.protocol import (
    ERROR,
    PROGRESS,
    READY,
    RESULT,
    SolverCrashed,
    SolverFailed,
)

CHILD_CODE = "from planner.isolated.child import main; main()"
# Seconds a child that has answered may take to exit before it is killed.
EXIT_GRACE_SECONDS = 10.0


def child_environment() -> dict[str, str]:
    """The parent's environment, with this ``planner`` importable in the child wherever the
    parent found it (appended, so an installed package still comes first as usual)."""
    env = dict(os.environ)
    root = str(Path(planner.__file__).resolve().parents[1])
    env["PYTHONPATH"] = os.pathsep.join(p for p in (env.get("PYTHONPATH"), root) if p)
    return env


def start_child(code: str) -> tuple[subprocess.Popen[bytes], Connection, Connection]:
    """A fresh interpreter running ``code`` with the arguments ``IN OUT PARENT``: the file
    descriptors of a pipe to it and of one from it, and this process's id (so that it can ask to
    die with it). It runs in its own process group: Ctrl-C at the terminal reaches only the
    parent. Returns the process and the parent's ends (requests to it, replies from it)."""
    request_read, request_write = os.pipe()
    reply_read, reply_write = os.pipe()
    fds = [str(request_read), str(reply_write), str(os.getpid())]
    try:
        process = subprocess.Popen(
            [sys.executable, "-c", code, *fds],
            pass_fds=(request_read, reply_write),
            stdin=subprocess.DEVNULL,
            env=child_environment(),
            process_group=0,
        )
    except BaseException:
        os.close(request_write)
        os.close(reply_read)
        raise
    finally:
        os.close(request_read)
        os.close(reply_write)
    return (
        process,
        Connection(request_write, readable=False),
        Connection(reply_read, writable=False),
    )


class SolveChild:
    """A child process running ``target(argument, context)`` (see :mod:`planner.isolated.child`).

    Parameters
    ----------
    target
        A module-level function (it is pickled by name) taking the argument and a
        :class:`planner.isolated.child.Context`; its return value must pickle.
    argument
        Its argument: data only (frozen dataclasses pickle), no callbacks or events.
    on_progress
        Called in the parent with every progress snapshot the child sends.
    """

    def __init__(
        self,
        target: Callable[[Any, Any], Any],
        argument: Any,
        on_progress: Callable[[Any], None] | None = None,
    ) -> None:
        self.on_progress = on_progress
        self.ready = False
        self._stop_wanted = False
        self._final: tuple[Any, ...] | None = None
        self._ended = False
        self.process, request, self.replies = start_child(CHILD_CODE)
        try:
            with request:
                request.send((target, argument))
        except OSError:
            pass  # the child died before it read its task: its exit status tells how

    @property
    def pid(self) -> int:
        """The child's process id."""
        return self.process.pid

    def fileno(self) -> int:
        """The reply pipe, for :func:`multiprocessing.connection.wait` over many children."""
        return self.replies.fileno()

    def stop(self) -> None:
        """Ask the child to end its search early and answer with the best plan found so far."""
        if self._stop_wanted:
            return  # asked once; the child is winding up
        self._stop_wanted = True
        if self.ready:
            self._signal(signal.SIGTERM)

    def kill(self) -> None:
        """End the child at once (SIGKILL) and reap it."""
        self._signal(signal.SIGKILL)
        self.process.wait()
        self._close_pipe()

    def _signal(self, signum: int) -> None:
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):  # it ended meanwhile
                os.kill(self.process.pid, signum)

    def read(self, timeout: float) -> bool:
        """Handle the child's messages for up to ``timeout`` seconds.

        Returns True once the child has given its final answer or has ended without one.
        """
        while not self._ended and self._final is None:
            if not self.replies.poll(max(0.0, timeout)):
                return False
            timeout = 0.0  # drain what is there, then return
            try:
                message = self.replies.recv()
            except (EOFError, OSError):
                self._ended = True
                break
            self._handle(message)
        return True

    def _handle(self, message: tuple[Any, ...]) -> None:
        kind = message[0]
        if kind == READY:
            self.ready = True
            if self._stop_wanted:
                self._signal(signal.SIGTERM)
        elif kind == PROGRESS:
            if self.on_progress is not None:
                self.on_progress(message[1])
        elif kind in (RESULT, ERROR):
            self._final = message

    def answer(self) -> Any:
        """The task's value, once :meth:`read` returned True; the child is reaped.

        Raises
        ------
        SolverCrashed
            If the child ended without an answer (a signal such as SIGSEGV, or an exit).
        SolverFailed
            If the task raised an exception.
        """
        if self._final is None:
            self.process.wait()
            self._close_pipe()
            raise SolverCrashed(self.process.returncode)
        try:
            self.process.wait(EXIT_GRACE_SECONDS)
        except subprocess.TimeoutExpired:
            self.kill()  # it answered; a hang on the way out must not hold the command
        self._close_pipe()
        if self._final[0] == ERROR:
            raise SolverFailed(*self._final[1:4])
        return self._final[1]

    def close(self) -> None:
        """Kill the child if it still runs (the parent gave up on it) and release the pipe."""
        if self.process.poll() is None:
            self.kill()
        self._close_pipe()

    def _close_pipe(self) -> None:
        if not self.replies.closed:
            self.replies.close()

    def wait_answer(self, poll: Callable[[], None] | None = None, step: float = 0.25) -> Any:
        """Read until the child answers, calling ``poll`` every ``step`` seconds (to forward a
        stop request), and return :meth:`answer`; the child is killed if this is interrupted."""
        try:
            while not self.read(step):
                if poll is not None:
                    poll()
            return self.answer()
        finally:
            self.close()
