"""What travels between a parent and its solver child, and how a child's end is told.

Messages from the child are tuples whose first item says what they are: ``READY`` (its signal
handlers are in place), ``PROGRESS`` with a :class:`planner.Progress` (the model's own, sent as
it is), then one final ``RESULT`` with the task's value or ``ERROR`` with the exception's type,
message and traceback text.
"""

from __future__ import annotations

import signal

READY = "ready"
PROGRESS = "progress"
RESULT = "result"
ERROR = "error"


def signal_name(number: int) -> str:
    """``SIGSEGV`` for 11, and so on; ``signal N`` for a number Python has no name for."""
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"


class SolverCrashed(Exception):
    """The solver's process ended without an answer: killed by a signal, or exited.

    ``signal`` is the signal's number when one ended it (a CP-SAT crash such as SIGSEGV, the
    kernel's out-of-memory killer or a person's SIGKILL), else None and ``exit_code`` says how
    it exited. Nothing of that solve survives; the solve is not retried.
    """

    def __init__(self, returncode: int) -> None:
        self.returncode = returncode
        self.signal = -returncode if returncode < 0 else None
        self.exit_code = returncode if returncode >= 0 else None
        super().__init__(self.describe())

    def describe(self) -> str:
        """In a manager's words."""
        if self.signal is not None:
            return f"the solver crashed (its process was ended by {signal_name(self.signal)})"
        return f"the solver process ended unexpectedly (exit code {self.exit_code})"


class SolverFailed(Exception):
    """The task raised an exception in the child; ``kind`` is its type's name and ``detail``
    the child's traceback."""

    def __init__(self, kind: str, message: str, detail: str) -> None:
        self.kind = kind
        self.message = message
        self.detail = detail
        super().__init__(f"{kind}: {message}")
