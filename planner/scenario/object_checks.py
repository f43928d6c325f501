"""What one object of a scenario can say about itself: counts, ranges, periods in order.

The CSV loader checks these cell by cell as it reads a row (:mod:`planner.scenario.rows`), with
the row's own text in its messages, and never builds an object that breaks them. A scenario built
or changed in Python has no rows: :func:`check_objects` asks the same of its objects.
"""

from __future__ import annotations

from collections.abc import Iterator

from planner.scenario.errors import DomainProblem, Severity, subject_key
from planner.scenario.types import Availability, RoomClosure, Scenario, Shift


def _problem(file: str, index: int, item: object, column: str, message: str) -> DomainProblem:
    return DomainProblem(file, index, subject_key(item), column, message)


def _periods(scenario: Scenario) -> Iterator[DomainProblem]:
    """Shifts, closures and availability end after they start."""
    periods: tuple[tuple[str, tuple[Shift | RoomClosure | Availability, ...]], ...] = (
        ("shifts.csv", scenario.shifts),
        ("room_closures.csv", scenario.room_closures),
        ("client_availability.csv", scenario.availability),
    )
    for file, items in periods:
        for index, period in enumerate(items):
            if period.end <= period.start:
                yield _problem(file, index, period, "end", "expected an end after the start")


def _staff(scenario: Scenario) -> Iterator[DomainProblem]:
    """Therapists have a specialty and limits a day can hold."""
    file = "therapists.csv"
    for index, t in enumerate(scenario.therapists):
        if not t.specialties:
            yield _problem(file, index, t, "specialties", "expected at least one specialty")
        if t.max_sessions_per_day < 1:
            message = f"expected an integer of at least 1, got {t.max_sessions_per_day}"
            yield _problem(file, index, t, "max_sessions_per_day", message)
        for column, limit in (
            ("max_minutes_per_week", t.max_minutes_per_week),
            ("max_deep_per_day", t.max_deep_per_day),
        ):
            if limit is not None and limit < 0:
                yield _problem(file, index, t, column, f"expected at least 0, got {limit}")


def _treatments(scenario: Scenario) -> Iterator[DomainProblem]:
    """Treatments last a while; their max gap is not below their min gap."""
    file = "treatments.csv"
    for index, t in enumerate(scenario.treatments):
        if t.duration < 1:
            message = f"expected an integer of at least 1, got {t.duration}"
            yield _problem(file, index, t, "duration_min", message)
        if t.max_gap_hours is not None and t.max_gap_hours < t.min_gap_hours:
            yield _problem(
                file, index, t, "max_gap_hours",
                f"expected a max gap of at least the min gap ({t.min_gap_hours:g} h), "
                f"got {t.max_gap_hours:g}",
            )  # fmt: skip


def _courses(scenario: Scenario) -> Iterator[DomainProblem]:
    """Courses book at least one session, with a priority 1..5 and a window in order."""
    file = "courses.csv"
    for index, c in enumerate(scenario.courses):
        if c.sessions < 1:
            message = f"expected an integer of at least 1, got {c.sessions}"
            yield _problem(file, index, c, "sessions", message)
        if not 1 <= c.priority <= 5:
            message = f"expected an integer from 1 to 5, got {c.priority}"
            yield _problem(file, index, c, "priority", message)
        if c.earliest is not None and c.latest is not None and c.latest <= c.earliest:
            yield _problem(file, index, c, "latest", "expected a date-time after earliest")
            continue
        low, high = scenario.course_window(c)
        if high <= low:
            yield DomainProblem(
                file, index, subject_key(c),
                "earliest" if c.earliest is not None and c.earliest >= low else "latest",
                "the course's earliest..latest window lies outside the horizon; "
                "none of its sessions can be planned",
                Severity.WARNING,
            )  # fmt: skip
        if c.last_session_end is not None and c.last_session_end > 0:
            yield DomainProblem(
                file, index, subject_key(c), "last_session_end",
                "lies after the horizon start; expected the end of a session before this horizon",
                Severity.WARNING,
            )  # fmt: skip


def _conditions(scenario: Scenario) -> Iterator[DomainProblem]:
    """A condition ends on or after the day it begins (messages never name the condition)."""
    for index, c in enumerate(scenario.conditions):
        if c.last_day < c.first_day:
            yield _problem(
                "client_conditions.csv", index, c, "until", "expected a date on or after 'from'"
            )


def check_objects(scenario: Scenario) -> Iterator[DomainProblem]:
    """Every problem an object of ``scenario`` has on its own, file by file."""
    yield from _staff(scenario)
    yield from _periods(scenario)
    yield from _treatments(scenario)
    yield from _conditions(scenario)
    yield from _courses(scenario)


__all__ = ["check_objects"]
