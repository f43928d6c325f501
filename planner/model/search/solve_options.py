"""How to solve (:class:`SolveOptions`) and what a running solve reports (:class:`Progress`).

What a solve returns, :class:`~planner.plan.result.Result`, lives in :mod:`planner.plan`: it is
read and written without the solver (summaries, the archive, the checker).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

from planner.plan.types import Plan

__all__ = ["Progress", "SolveOptions"]


@dataclass(frozen=True)
class Progress:
    """What a running solve reports, sent to the progress callback on every better plan.

    The same object reaches the caller of an isolated solve: the child sends it as it is.

    Parameters
    ----------
    elapsed
        Wall-clock seconds since the solve began.
    time_limit
        Seconds the search may take.
    scheduled_value
        The scheduled value of the best plan so far.
    penalty
        Its penalty, where the sender knows it (None from inside a CP-SAT search).
    bound
        The best proven upper bound on the scheduled value so far, or None.
    """

    elapsed: float
    time_limit: float
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
        CP-SAT search workers.
    seed
        Random seed of the search.
    log
        Print CP-SAT's search log to standard output.
    reference
        A previously published plan (nightly re-planning, what-if variants): the search starts
        from what of it still keeps every rule, and moving one of its sessions costs
        ``weights.stability`` of value.
    progress
        Called with a :class:`Progress` whenever a better plan is found.
    deterministic
        False (the default): every phase searches until its share of the wall-clock limit,
        with all workers exchanging plans as they come; the best plans, but two runs may
        differ. True: every phase is bounded by the work it may do (CP-SAT's deterministic
        time, the local search's count of placements tried), so the same scenario, seed and
        workers give the same plan on any machine; the wall clock ends a search only after
        three times the limit.
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
    deterministic: bool = False
    stop: threading.Event | None = None
