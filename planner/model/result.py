"""What a solve returns: the plan, its score, the proven bound and how long it took."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

from planner.plan import Plan, Repair


class Status(StrEnum):
    """Outcome of a solve, as written to ``summary.json``."""

    OPTIMAL = "optimal"
    FEASIBLE = "feasible"
    INFEASIBLE = "infeasible"
    UNKNOWN = "unknown"


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


@dataclass(frozen=True)
class Result:
    """The outcome of :func:`planner.model.solve`.

    ``bound`` is the best proven upper bound on ``scheduled_value`` (None where unknown);
    ``penalty_parts`` breaks the contract's penalty down by soft goal; ``moved`` counts the
    sessions of ``SolveOptions.reference`` that the plan moved or dropped (None without one).
    """

    status: Status
    plan: Plan
    scheduled_value: int
    penalty: int
    bound: int | None
    solve_seconds: float
    sessions_total: int
    penalty_parts: dict[str, int] = field(default_factory=dict)
    moved: int | None = None
    interrupted: bool = False
    # Seconds until the scheduled value was proven best (gap 0 on it); None if it never was.
    value_proven_seconds: float | None = None
    # False when the wall clock, a stop request or --no-deterministic ended the search: another
    # run with the same seed and workers may then give another plan.
    reproducible: bool = True
    # Sessions the final check took out of the solver's plan because they broke a hard rule
    # (a solver defect): empty on every normal run.
    repaired: tuple[Repair, ...] = ()

    @property
    def sessions_scheduled(self) -> int:
        return len(self.plan.sessions)

    @property
    def gap(self) -> float | None:
        """Relative gap of ``scheduled_value`` to the bound (0.0 = proven best)."""
        if self.bound is None:
            return None
        if self.bound <= 0:
            return 0.0
        return max(0.0, (self.bound - self.scheduled_value) / self.bound)

    def summary(self) -> dict[str, object]:
        """The contract's ``summary.json`` content (plus a few extras)."""
        return {
            "status": self.status.value,
            "scheduled_value": self.scheduled_value,
            "penalty": self.penalty,
            "bound": self.bound,
            "gap": None if self.gap is None else round(self.gap, 6),
            "solve_seconds": round(self.solve_seconds, 3),
            "sessions_total": self.sessions_total,
            "sessions_scheduled": self.sessions_scheduled,
            "penalty_parts": dict(self.penalty_parts),
            "moved": self.moved,
            "interrupted": self.interrupted,
            "reproducible": self.reproducible,
            "repaired": [r.to_dict() for r in self.repaired],
            "value_proven_seconds": None
            if self.value_proven_seconds is None
            else round(self.value_proven_seconds, 3),
        }
