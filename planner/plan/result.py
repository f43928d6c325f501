"""What a solve returns, solver-free: the plan, its score, the bound, and ``summary.json``.

The model fills a :class:`Result`; everything downstream (the output folder, the archive, what-if
comparisons, the nightly job) reads it from here, so none of them loads CP-SAT.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from planner.plan.limit import Limit, plan_limit
from planner.plan.score import optimality_gap, score
from planner.plan.types import Plan, PlannedSession, Repair
from planner.scenario.types import Scenario

# The keys the contract asks of ``summary.json``; a summary may hold more.
CONTRACT_SUMMARY_KEYS = (
    "status",
    "scheduled_value",
    "penalty",
    "bound",
    "solve_seconds",
    "sessions_total",
    "sessions_scheduled",
)
# Status of a plan that comes without a solve (a hand-made or imported plan).
GIVEN = "given"


class Status(StrEnum):
    """Outcome of a solve, as written to ``summary.json``."""

    OPTIMAL = "optimal"
    FEASIBLE = "feasible"
    INFEASIBLE = "infeasible"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Result:
    """The outcome of a solve (``planner.solve``).

    ``bound`` is the best proven upper bound on ``scheduled_value`` (None where unknown);
    ``penalty_parts`` breaks the contract's penalty down by soft goal; ``moved`` counts the
    sessions of the solve's reference plan whose start, therapist or room the plan changed and
    ``dropped`` those it no longer books (both None without a reference plan).
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
    # The clients of the call list against the reference plan (planner.plan.notify): a session
    # moved, dropped or added to a course already partly booked. They must be told.
    clients_to_notify: int | None = None
    interrupted: bool = False
    # Seconds until the scheduled value was proven best (gap 0 on it); None if it never was.
    value_proven_seconds: float | None = None
    # False when the wall clock, a stop request or --no-deterministic ended the search: another
    # run with the same seed and workers may then give another plan.
    reproducible: bool = True
    # Sessions the final check took out of the solver's plan because they broke a hard rule
    # (a solver defect): empty on every normal run.
    repaired: tuple[Repair, ...] = ()
    dropped: int | None = None
    # Each course's priority, for the limit in sessions (None: not known; each unscheduled
    # session is then taken to be worth the least priority, 1).
    priorities: dict[str, int] | None = None

    @property
    def sessions_scheduled(self) -> int:
        """Sessions in the plan."""
        return len(self.plan.sessions)

    @property
    def gap(self) -> float | None:
        """Relative gap of ``scheduled_value`` to the bound (0.0 = proven best)."""
        return optimality_gap(self.scheduled_value, self.bound)

    @property
    def limit(self) -> Limit:
        """How far the value is from the bound, in sessions (:mod:`planner.plan.limit`)."""
        unscheduled = self.plan.unscheduled
        # Every session the plan leaves out could be added, listed or not.
        left_out = max(len(unscheduled), self.sessions_total - self.sessions_scheduled)
        known = self.priorities
        priorities = None
        if known and all(u.course_id in known for u in unscheduled):
            # A session left out but not listed is worth at least the least priority there is.
            least = min(known.values())
            priorities = [known[u.course_id] for u in unscheduled]
            priorities += [least] * (left_out - len(unscheduled))
        optimal = self.status is Status.OPTIMAL
        return plan_limit(self.scheduled_value, self.bound, priorities, left_out, optimal)

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
            "dropped": self.dropped,
            "clients_to_notify": self.clients_to_notify,
            "interrupted": self.interrupted,
            "reproducible": self.reproducible,
            "repaired": [r.to_dict() for r in self.repaired],
            "value_proven_seconds": None
            if self.value_proven_seconds is None
            else round(self.value_proven_seconds, 3),
            "limit": self.limit.to_dict(),
        }


def given_summary(scenario: Scenario, sessions: Sequence[PlannedSession]) -> dict[str, object]:
    """A ``summary.json``-like summary of a plan that comes without a solve (status ``given``),
    scored with the contract's score."""
    found = score(scenario, sessions)
    return {
        "status": GIVEN,
        "scheduled_value": found.scheduled_value,
        "penalty": found.penalty,
        "penalty_parts": dict(found.parts),
        "sessions_total": scenario.sessions_total,
        "sessions_scheduled": len(sessions),
    }
