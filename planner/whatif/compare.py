"""One comparison row per solved scenario: score, check, use of staff and rooms, changes.

Every number is measured on the plan itself with the project's independent checker and score,
never taken from the solver: a what-if answer a manager acts on must be checked like any plan.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

from planner.check import check_sessions
from planner.plan.notify import call_list, clients_to_notify, is_moved
from planner.plan.score import score
from planner.plan.types import Plan, PlannedSession, UnscheduledSession
from planner.plan.utilisation import (
    Utilisation,
    overall_share,
    room_utilisation,
    therapist_utilisation,
)
from planner.scenario.errors import ScenarioError, Severity
from planner.scenario.types import Scenario
from planner.whatif.runner import Outcome

# Unscheduled reasons grouped by how they begin (the model's explanations). A group names a
# cause, never a client's condition, so the comparison is safe to pass around the team.
REASON_GROUPS: tuple[tuple[str, str], ...] = (
    ("Not enough capacity", "capacity"),
    ("Sessions are booked in order", "an earlier session is unbooked"),
    ("It could still be booked", "search time ran out"),
    ("The client has", "health restriction"),
    ("No therapist has the specialty", "no therapist with the skill"),
    ("No therapist with the specialty", "no shift when possible"),
    ("No room has all the equipment", "no equipped room"),
    ("Every room that has the equipment", "rooms closed"),
    ("The course's allowed period", "course period too short"),
    ("The course needs", "recovery gaps don't fit"),
)


def reason_group(reason: str) -> str:
    """The group of an unscheduled reason (``other`` when unknown)."""
    for prefix, group in REASON_GROUPS:
        if reason.startswith(prefix):
            return group
    return "other"


@dataclass(frozen=True)
class ComparisonRow:
    """How one scenario (the base, a variant or a batch member) came out.

    ``violations`` counts the hard-rule breaches the checker finds in the plan (0 = valid,
    None = no plan). Utilisation is booked minutes over available minutes, as
    :mod:`planner.plan.utilisation` defines them (a therapist's shifts inside the opening hours;
    a room's opening hours less its closures). ``moved`` / ``dropped`` / ``added``
    count sessions against the reference plan (the base scenario's plan): same session at
    another time, therapist or room; in the reference plan only; in this plan only.
    """

    name: str
    description: str
    status: str
    error: str = ""
    violations: int | None = None
    scheduled_value: int | None = None
    sessions_scheduled: int | None = None
    sessions_total: int = 0
    penalty: int | None = None
    unscheduled: Mapping[str, int] = field(default_factory=dict)
    therapists: Mapping[str, float | None] = field(default_factory=dict)
    rooms: Mapping[str, float | None] = field(default_factory=dict)
    therapist_total: float | None = None
    room_total: float | None = None
    repaired: int = 0
    moved: int | None = None
    dropped: int | None = None
    added: int | None = None
    clients_to_notify: int | None = None
    seconds: float = 0.0
    workers: int = 0
    seed: int = 0
    notes: tuple[str, ...] = ()
    plan: tuple[PlannedSession, ...] = ()

    @property
    def failed(self) -> bool:
        """True when the job gave no answer (error, timeout, a crashed solver), a plan that
        breaks a hard rule, or
        a plan the final check had to repair (a solver defect).

        "No plan possible" (``infeasible``) is an answer, not a failure.
        """
        return (
            self.status in ("failed", "timeout", "crashed")
            or bool(self.violations)
            or self.repaired > 0
        )

    @property
    def check_text(self) -> str:
        """What the checker said: ``ok``, ``N violations`` or ``no plan``."""
        if self.repaired:
            return f"repaired ({self.repaired} unscheduled)"
        if self.violations is None:
            return "no plan"
        return "ok" if self.violations == 0 else f"{self.violations} violations"


def _shares(rows: list[Utilisation]) -> dict[str, float | None]:
    return {row.id: row.share for row in rows}


def plan_changes(
    scenario: Scenario, base: Plan, plan: tuple[PlannedSession, ...]
) -> tuple[int, int, int, int]:
    """(moved, dropped, added, clients to notify) of ``plan`` against ``base``: moved = start,
    therapist or room changed; the clients are those of the call list
    (:func:`planner.plan.notify.call_list`) the change would make."""
    before = {(s.course_id, s.session): s for s in base.sessions}
    after = {(s.course_id, s.session): s for s in plan}
    moved = sum(1 for key, s in after.items() if key in before and is_moved(before[key], s))
    dropped = sum(1 for key in before if key not in after)
    added = sum(1 for key in after if key not in before)
    notify = clients_to_notify(call_list(scenario, base.sessions, plan))
    return moved, dropped, added, notify


def _reasons(unscheduled: tuple[UnscheduledSession, ...]) -> dict[str, int]:
    counts = Counter(reason_group(u.reason) for u in unscheduled)
    return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))


def invalid_row(name: str, error: ScenarioError) -> ComparisonRow:
    """The comparison row of a scenario that could not be loaded: status ``invalid``, with how
    many errors it has and the first of them."""
    errors = [p for p in error.problems if p.severity is Severity.ERROR]
    first = f" (first: {errors[0]})" if errors else ""
    return ComparisonRow(
        name, "", "invalid", error=f"invalid scenario: {len(errors)} errors{first}"
    )


def compare_row(
    name: str,
    scenario: Scenario,
    outcome: Outcome,
    *,
    description: str = "",
    notes: tuple[str, ...] = (),
    workers: int = 0,
    seed: int = 0,
    reference_plan: Plan | None = None,
) -> ComparisonRow:
    """The comparison row of one job; with ``reference_plan``, also the sessions it changed."""
    sessions_total = scenario.sessions_total
    result = outcome.result
    if result is None:
        return ComparisonRow(
            name,
            description,
            "timeout" if outcome.timed_out else ("crashed" if outcome.crashed else "failed"),
            error=outcome.error or "",
            sessions_total=sessions_total,
            seconds=outcome.seconds,
            workers=workers,
            seed=seed,
            notes=notes,
        )
    sessions = result.plan.sessions
    rated = score(scenario, sessions)
    has_plan = bool(sessions) or result.status.value not in ("infeasible", "unknown")
    staff = therapist_utilisation(scenario, sessions)
    rooms = room_utilisation(scenario, sessions)
    moved = dropped = added = notify = None
    if reference_plan is not None:
        moved, dropped, added, notify = plan_changes(scenario, reference_plan, sessions)
    return ComparisonRow(
        name,
        description,
        result.status.value,
        violations=len(check_sessions(scenario, sessions)) if has_plan else None,
        scheduled_value=rated.scheduled_value,
        sessions_scheduled=len(sessions),
        sessions_total=sessions_total,
        penalty=rated.penalty,
        unscheduled=_reasons(result.plan.unscheduled),
        therapists=_shares(staff),
        rooms=_shares(rooms),
        therapist_total=overall_share(staff),
        room_total=overall_share(rooms),
        repaired=len(result.repaired),
        moved=moved,
        dropped=dropped,
        added=added,
        clients_to_notify=notify,
        seconds=outcome.seconds,
        workers=workers,
        seed=seed,
        notes=notes,
        plan=sessions,
    )
