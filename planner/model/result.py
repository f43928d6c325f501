"""How to solve and what a running solve reports; what it returns lives in :mod:`planner.plan`.

:class:`~planner.plan.result.Result` and :class:`~planner.plan.result.Status` are imported here
for the model's own modules; code outside the model imports them from ``planner.plan``.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

from planner.plan.result import Result, Status
from planner.plan.types import Plan

__all__ = ["Progress", "Result", "SolveOptions", "Status"]


@dataclass(frozen=True)
class Progress:
    """A snapshot of a running solve, sent to the progress callback on every new plan."""

    elapsed: float
    time_limit: float
    phase: str
    scheduled_value: int
    penalty: int | None
    bound: int | None


@dataclass(frozen=True)
class SolveOptions:
    """How to solve.

    Parameters
    ----------
    time_limit
        Seconds for the whole solve; None takes the scenario's ``time_limit_seconds``.
    workers
        CP-SAT search workers. Results are deterministic for a fixed ``seed`` and ``workers``.
    seed
        Random seed of the search.
    log
        Print CP-SAT's search log to standard output.
    reference
        A previously published plan: used as a hint, and moving its sessions costs
        ``weights.stability`` each in the penalty (nightly re-planning, what-if variants).
    progress
        Called with a :class:`Progress` whenever a better plan is found.
    deterministic
        Bound every search by CP-SAT's deterministic time (derived from ``time_limit``) so the
        same seed and workers give the same plan on any machine fast enough to reach it within
        the wall-clock limit. False searches until the wall-clock limit: better plans on fast
        machines, but two runs may differ.
    stop
        Set it (e.g. from a signal handler) to end the search early; the best plan found so
        far is returned with status ``feasible``.
    """

    time_limit: float | None = None
    workers: int = 2
    seed: int = 0
    log: bool = False
    reference: Plan | None = None
    progress: Callable[[Progress], None] | None = None
    deterministic: bool = True
    stop: threading.Event | None = None
