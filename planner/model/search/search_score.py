"""How the search compares two plans: the contract's score, with the cost of moving a published
session where a re-plan has a reference plan.

This is the search's own count, kept apart on purpose from the contract's score in
:mod:`planner.plan.score` (the checker's): the two agree on value and penalty, and the search adds
the moves of a re-plan, which the contract does not know.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from planner.plan import PlannedSession
from planner.scenario.types import Scenario

# Value is counted in hundredths, so a move may cost a fraction of a session's value.
VALUE_SCALE = 100
# The value less moves of a plan that moves more published sessions than ``max_moves`` allows.
OVER_CAP = -(10**12)


def move_cost(scenario: Scenario) -> int:
    """What one moved published session costs, in hundredths of value."""
    return round(VALUE_SCALE * scenario.settings.weights.stability)


@dataclass(frozen=True, order=True)
class SearchScore:
    """Larger is better: first value less the cost of moves, then the lower penalty."""

    value_less_moves: int
    neg_penalty: int

    @property
    def penalty(self) -> int:
        return -self.neg_penalty


def moved_sessions(
    sessions: Iterable[PlannedSession], reference: Sequence[PlannedSession]
) -> list[PlannedSession]:
    """Sessions of ``reference`` that ``sessions`` does not keep exactly (moved or dropped).

    Parameters
    ----------
    sessions
        A plan.
    reference
        The plan it is compared with (a published plan).

    Returns
    -------
    list[PlannedSession]
        The sessions of ``reference``, in its order, whose course and session number are
        missing from ``sessions`` or booked there with another therapist, room or start.
    """
    now = {(s.course_id, s.session): (s.therapist_id, s.room_id, s.start) for s in sessions}
    return [
        r
        for r in reference
        if now.get((r.course_id, r.session)) != (r.therapist_id, r.room_id, r.start)
    ]


def penalty_counts(scenario: Scenario, sessions: Sequence[PlannedSession]) -> dict[str, int]:
    """Unweighted penalty parts of a plan: extra therapists per course, sessions not with the
    preferred therapist, sessions outside preferred times."""
    therapists: dict[str, set[str]] = {}
    for s in sessions:
        therapists.setdefault(s.course_id, set()).add(s.therapist_id)
    counts = {
        "continuity": sum(len(ids) - 1 for ids in therapists.values()),
        "preferred_therapist": 0,
        "preferred_time": 0,
    }
    for s in sessions:
        course = scenario.course_by_id[s.course_id]
        if course.preferred_therapist in scenario.therapist_by_id and (
            s.therapist_id != course.preferred_therapist
        ):
            counts["preferred_therapist"] += 1
        rows = [a for a in scenario.availability_by_client.get(s.client_id, ()) if a.preferred]
        if rows and not any(a.start <= s.start and s.end <= a.end for a in rows):
            counts["preferred_time"] += 1
    return counts


def weighted_penalty(scenario: Scenario, counts: dict[str, int]) -> dict[str, int]:
    """The penalty parts weighted as ``scenario.toml`` says."""
    weights = scenario.settings.weights
    return {name: count * getattr(weights, name) for name, count in counts.items()}


def search_score(
    scenario: Scenario,
    sessions: Sequence[PlannedSession],
    reference: Sequence[PlannedSession] | None = None,
    move_cap: int | None = None,
) -> SearchScore:
    """The search's score of ``sessions``; a plan with more than ``move_cap`` moved reference
    sessions scores :data:`OVER_CAP`."""
    value = sum(scenario.course_by_id[s.course_id].priority for s in sessions)
    value_less_moves = VALUE_SCALE * value
    if reference:
        moves = len(moved_sessions(sessions, reference))
        if move_cap is not None and moves > move_cap:
            return SearchScore(OVER_CAP, -(10**9))
        value_less_moves -= move_cost(scenario) * moves
    penalty = sum(weighted_penalty(scenario, penalty_counts(scenario, sessions)).values())
    return SearchScore(value_less_moves, -penalty)
