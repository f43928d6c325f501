"""What travels between a parent and its solver child, and how a child's end is told.

Messages from the child are tuples whose first item says what they are: ``READY`` (its signal
handlers are in place), ``PROGRESS`` with a :class:`Snapshot`, then one final ``RESULT`` with
the task's value or ``ERROR`` with the exception's type, message and traceback text.
"""

from __future__ import annotations

import signal
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the child reads this module before its signal handlers are in place
    from planner.plan.types import Plan

READY = "ready"
PROGRESS = "progress"
RESULT = "result"
ERROR = "error"


@dataclass(frozen=True)
class SolveSpec:
    """How to solve: :class:`planner.model.SolveOptions` without its callback and stop event,
    which can't travel to another process (the child makes its own).

    Parameters
    ----------
    time_limit
        Seconds for the whole solve; None takes the scenario's ``time_limit_seconds``.
    workers
        CP-SAT search workers.
    seed
        Random seed of the search.
    log
        Print CP-SAT's search log to standard output.
    reference
        A published plan to stay close to (nightly re-planning, what-if variants).
    deterministic
        Bound the search by the work it may do, not the clock (see ``SolveOptions``).
    deadline
        A moment (``time.time()``) by which the whole command must be done: the child's
        search gets what is left of it when it starts, so that starting the child and loading
        the solver count against the limit too (not in deterministic mode, whose limit is
        work, not seconds).
    """

    time_limit: float | None = None
    workers: int = 2
    seed: int = 0
    log: bool = False
    reference: Plan | None = None
    deterministic: bool = False
    deadline: float | None = None

    def limit_now(self) -> float | None:
        """The time limit for a search that starts now."""
        if self.deadline is None or self.deterministic:
            return self.time_limit
        return max(0.1, self.deadline - time.time())


@dataclass(frozen=True)
class Snapshot:
    """A running solve's progress, as the model's ``Progress`` reports it (same fields)."""

    elapsed: float
    time_limit: float
    scheduled_value: int
    penalty: int | None
    bound: int | None


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
