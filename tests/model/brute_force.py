"""Every valid plan of a tiny spa, tried one by one: the exact optimum a test can trust.

Tries every plan the slot grid allows and keeps the best one the independent checker accepts;
shares no code with the solver. Only for spas of a few sessions.
"""

from __future__ import annotations

from collections.abc import Iterator

from planner.check import check_sessions, score
from planner.plan import PlannedSession
from planner.scenario.types import Course, Scenario


def _choices(scenario: Scenario, course: Course, index: int) -> list[PlannedSession]:
    """Every (therapist, room, grid start inside a shift) for one session: a superset of the
    valid ones, since hard rule 3 puts every session inside a shift of its therapist."""
    slot = scenario.settings.slot_minutes
    length = scenario.session_length(course, index)
    out = []
    for shift in scenario.shifts:
        first = -(-shift.start // slot) * slot
        for start in range(first, shift.end - length + 1, slot):
            for room in scenario.rooms:
                out.append(
                    PlannedSession(
                        course.id,
                        index,
                        course.client_id,
                        course.treatment_id,
                        shift.therapist_id,
                        room.id,
                        start,
                        start + length,
                    )
                )
    return out


def _plans(scenario: Scenario) -> Iterator[list[PlannedSession]]:
    """Every plan whose partial sessions break no rule so far (depth-first, course by course)."""
    keys = [(c, k) for c in scenario.courses for k in range(1, c.sessions + 1)]
    choices = {(c.id, k): _choices(scenario, c, k) for c, k in keys}

    def extend(i: int, plan: list[PlannedSession]) -> Iterator[list[PlannedSession]]:
        if i == len(keys):
            yield plan
            return
        course, index = keys[i]
        has_previous = index == 1 or any(
            s.course_id == course.id and s.session == index - 1 for s in plan
        )
        yield from extend(i + 1, plan)  # leave the session out
        if not has_previous:
            return
        for session in choices[(course.id, index)]:
            candidate = [*plan, session]
            if not check_sessions(scenario, candidate, partial=True):
                yield from extend(i + 1, candidate)

    yield from extend(0, [])


def brute_force_best(scenario: Scenario) -> tuple[int, int]:
    """(scheduled_value, penalty) of the best valid plan, by trying them all."""
    best: tuple[int, int] | None = None
    for plan in _plans(scenario):
        if check_sessions(scenario, plan):
            continue
        found = score(scenario, plan)
        if best is None or found.key() > (best[0], -best[1]):
            best = (found.scheduled_value, found.penalty)
    assert best is not None
    return best


def every_plan(scenario: Scenario) -> Iterator[list[PlannedSession]]:
    """Every plan the slot grid allows whose sessions break no rule among themselves so far
    (a superset of the valid plans: check each one with :func:`planner.check.check_sessions`)."""
    return _plans(scenario)
