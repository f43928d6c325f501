"""Hard rules about sessions sharing a therapist, a room or a client (rules 6 and 7).

Each resource's sessions are swept once in start order, so a plan of 10,000 sessions is checked in
O(n log n).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator

from planner.check.under_check import PlanUnderCheck, keys
from planner.check.violation import Violation
from planner.plan.types import PlannedSession


def _clashes(
    sessions: tuple[PlannedSession, ...],
    owner: Callable[[PlannedSession], str],
    buffer: int,
) -> Iterator[tuple[str, PlannedSession, PlannedSession]]:
    """``(owner, earlier, later)`` for each session starting while its owner is still busy.

    ``earlier`` is the session keeping the owner busy longest (its end plus ``buffer``); every
    session that clashes with anything is reported at least once.
    """
    busiest: dict[str, PlannedSession] = {}
    for s in sessions:  # already in start order
        key = owner(s)
        held = busiest.get(key)
        if held is not None and s.start < held.end + buffer:
            yield key, held, s
        if held is None or s.end > held.end:
            busiest[key] = s


def _busy_message(
    plan: PlanUnderCheck, who: str, earlier: PlannedSession, later: PlannedSession, buffer: int
) -> str:
    if later.start < earlier.end:
        return (
            f"{who} has {plan.described(earlier)} and {plan.described(later)} at overlapping times."
        )
    return (
        f"{who} is busy with {plan.described(earlier)} until {plan.at(earlier.end + buffer)} "
        f"({buffer} minutes of turnover), but {plan.label(later)} starts at {plan.at(later.start)}."
    )


def rule_6_therapist_room_overlap(plan: PlanUnderCheck) -> Iterator[Violation]:
    """Rule 6: no two sessions of a therapist, nor of a room, overlap (turnover counted)."""
    turnover = plan.scenario.settings.turnover_minutes
    for therapist_id, earlier, later in _clashes(plan.sessions, lambda s: s.therapist_id, turnover):
        yield Violation(
            6,
            _busy_message(plan, f"Therapist {therapist_id}", earlier, later, turnover),
            keys([earlier, later]),
        )
    for room_id, earlier, later in _clashes(plan.sessions, lambda s: s.room_id, turnover):
        yield Violation(
            6,
            _busy_message(plan, f"Room {room_id}", earlier, later, turnover),
            keys([earlier, later]),
        )


def rule_7_client_overlap_and_daily_limit(plan: PlanUnderCheck) -> Iterator[Violation]:
    """Rule 7: a client's sessions never overlap; at most the daily limit per date."""
    for client_id, earlier, later in _clashes(plan.sessions, plan.client_id, 0):
        yield Violation(
            7,
            f"Client {client_id} has {plan.described(earlier)} and {plan.described(later)} "
            "at overlapping times.",
            keys([earlier, later]),
        )
    limit = plan.scenario.settings.client_max_sessions_per_day
    per_date: dict[tuple[str, int], list[PlannedSession]] = defaultdict(list)
    for s in plan.sessions:
        per_date[(plan.client_id(s), plan.day(s))].append(s)
    for (client_id, _day), booked in per_date.items():
        if len(booked) > limit:
            yield Violation(
                7,
                f"Client {client_id} has {len(booked)} sessions on {plan.date(booked[0])}, "
                f"more than the {limit} allowed per day.",
                keys(booked),
            )
