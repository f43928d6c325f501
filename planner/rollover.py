"""Sessions still owed go into the next horizon: the next week's scenario as a draft.

:func:`rollover` turns a scenario and the plan made for it into the scenario of the next
horizon. Each course with sessions still owed keeps its ``course_id`` and asks for exactly the
owed sessions; the gap rules then run from the end of its last booked session
(``last_session_end``), and it needs no assessment if one was booked. The staff pattern (shifts,
room closures) and the clients' availability move by the distance between the two horizon starts
(the horizon's length by default), as a draft the manager edits: every time on the scenario's
axis counts from the horizon start, so they keep their axis minutes while the start moves.
Pinned sessions are not carried: they belonged to this horizon.

A course whose ``latest`` has passed when the next horizon starts can never be booked there: it
is dropped and listed, not carried.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from planner.plan.types import PlannedSession
from planner.scenario.medical import offered_rules
from planner.scenario.timeaxis import MINUTES_PER_DAY, format_datetime
from planner.scenario.types import (
    Availability,
    Condition,
    Course,
    Scenario,
)


@dataclass(frozen=True)
class Dropped:
    """A course with sessions owed that the next horizon can't take, and why."""

    course_id: str
    owed: int
    reason: str


@dataclass(frozen=True)
class Rollover:
    """The next horizon's scenario and what was carried into it.

    Parameters
    ----------
    scenario
        The next horizon's scenario (no pins).
    carried
        ``(course_id, sessions owed)`` of every course carried, in the scenario's course order.
    dropped
        Courses with sessions owed that were not carried.
    """

    scenario: Scenario
    carried: tuple[tuple[str, int], ...]
    dropped: tuple[Dropped, ...]


class RolloverError(ValueError):
    """The next horizon can't start where it was asked to."""


def _carried_course(course: Course, booked: Sequence[PlannedSession], offset: int) -> Course | None:
    """``course`` as the next horizon sees it (axis minutes moved by ``offset``), or None if
    nothing is owed."""
    owed = course.sessions - len(booked)
    if owed <= 0:
        return None

    def moved(minute: int | None) -> int | None:
        return None if minute is None else minute - offset

    last_end = course.last_session_end
    needs_assessment = course.needs_assessment
    if booked:
        last_end = max(s.end for s in booked)
        # Session 1 of this horizon carried the assessment (or the course needed none).
        needs_assessment = False
    return replace(
        course,
        sessions=owed,
        earliest=moved(course.earliest),
        latest=moved(course.latest),
        last_session_end=moved(last_end),
        needs_assessment=needs_assessment,
    )


def _clients_part(
    scenario: Scenario, client_ids: set[str], days: int
) -> tuple[tuple[Condition, ...], tuple[Availability, ...]]:
    """Conditions still active in the next horizon and the availability pattern, of the
    clients in ``client_ids``."""
    # Condition days count from the horizon start, which moves ``days`` later. A condition that
    # lasts to this horizon's last day (an empty ``until`` means exactly that) may well go on:
    # for the client's safety it is carried over the whole next horizon, for the manager to end.
    last = scenario.settings.days - 1
    conditions = tuple(
        replace(
            c,
            first_day=c.first_day - days,
            last_day=max(c.last_day - days, last) if c.last_day >= last else c.last_day - days,
        )
        for c in scenario.conditions
        if c.client_id in client_ids and (c.last_day >= last or c.last_day - days >= 0)
    )
    # Axis minutes count from the horizon start, so a period kept at the same minutes lies as
    # many days later as the horizon moved: the week's pattern, moved.
    availability = tuple(a for a in scenario.availability if a.client_id in client_ids)
    return conditions, availability


def rollover(
    scenario: Scenario, sessions: Sequence[PlannedSession], start: date | None = None
) -> Rollover:
    """The next horizon's scenario, with every session still owed (see the module).

    Parameters
    ----------
    scenario
        The scenario the plan was made for.
    sessions
        The plan's sessions (``plan.csv``), on ``scenario``'s time axis.
    start
        First day of the next horizon; default: the day after ``scenario``'s horizon ends.

    Raises
    ------
    RolloverError
        If ``start`` lies before the end of ``scenario``'s horizon.
    """
    settings = scenario.settings
    horizon_end = settings.start + timedelta(days=settings.days)
    start = horizon_end if start is None else start
    if start < horizon_end:
        raise RolloverError(
            f"the next horizon must start on or after {horizon_end.isoformat()} (the day after "
            f"this horizon ends), got {start.isoformat()}"
        )
    days = (start - settings.start).days
    offset = days * MINUTES_PER_DAY
    booked: dict[str, list[PlannedSession]] = {}
    for s in sessions:
        booked.setdefault(s.course_id, []).append(s)
    courses: list[Course] = []
    dropped: list[Dropped] = []
    for course in scenario.courses:
        carried = _carried_course(course, booked.get(course.id, []), offset)
        if carried is None:
            continue
        if carried.latest is not None and carried.latest <= 0:
            when = format_datetime(settings.start, course.latest or 0)
            dropped.append(
                Dropped(course.id, carried.sessions, f"its latest end {when} has passed")
            )
            continue
        courses.append(carried)
    client_ids = {c.client_id for c in courses}
    conditions, availability = _clients_part(scenario, client_ids, days)
    next_scenario = replace(
        scenario,
        settings=replace(settings, start=start),
        clients=tuple(c for c in scenario.clients if c.id in client_ids),
        courses=tuple(courses),
        conditions=conditions,
        availability=availability,
        pins=(),
        contraindications=offered_rules(scenario),
    )
    return Rollover(next_scenario, tuple((c.id, c.sessions) for c in courses), tuple(dropped))


__all__ = ["Dropped", "Rollover", "RolloverError", "rollover"]
