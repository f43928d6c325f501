"""What each fuzz oddity must show in a scenario: one predicate ``(before, after) -> bool`` each.

``before`` is the plain spa the oddity was applied to, ``after`` the result; every predicate is
false on the plain spa, so a test built on it can fail.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from planner.scenario import Scenario
from planner.scenario.timeaxis import MINUTES_PER_DAY
from planner.scenario.types import Shift

Check = Callable[[Scenario, Scenario], bool]


def _pairs(s: Scenario) -> list[tuple[Shift, Shift]]:
    """Ordered pairs of distinct shift rows of one therapist on one day."""
    days: dict[tuple[str, int], list[Shift]] = {}
    for x in s.shifts:
        days.setdefault((x.therapist_id, x.start // MINUTES_PER_DAY), []).append(x)
    return [
        (a, b)
        for rows in days.values()
        for i, a in enumerate(rows)
        for j, b in enumerate(rows)
        if i != j
    ]


def _off_opening(s: Scenario) -> bool:
    for shift in s.shifts:
        hours = s.settings.opening(shift.start // MINUTES_PER_DAY)
        if hours is not None and (shift.start < hours[0] or shift.end > hours[1]):
            return True
    return False


def _week_limit_binds(s: Scenario) -> bool:
    for t in s.therapists:
        weeks: dict[date, int] = {}
        for shift in s.shifts_by_therapist[t.id]:
            on = s.settings.day_date(shift.start // MINUTES_PER_DAY)
            monday = on - timedelta(days=on.weekday())
            weeks[monday] = weeks.get(monday, 0) + shift.end - shift.start
        limit = t.max_minutes_per_week
        if limit is not None and limit < max(weeks.values(), default=0):
            return True
    return False


def _twins(s: Scenario) -> bool:
    def shape(therapist_id: str) -> list[tuple[int, int]]:
        return [(x.start, x.end) for x in s.shifts_by_therapist[therapist_id]]

    return any(
        a.id != b.id and a.specialties == b.specialties and shape(a.id) == shape(b.id)
        for a in s.therapists
        for b in s.therapists
    )


def _overlapping_rows(s: Scenario) -> bool:
    return any(
        a is not b and a.start < b.end and b.start < a.end
        for rows in s.availability_by_client.values()
        for a in rows
        for b in rows
    )


def _rows_beyond_opening(s: Scenario) -> bool:
    for row in s.availability:
        hours = s.settings.opening(row.start // MINUTES_PER_DAY)
        if hours is None or row.start < hours[0] or row.end > hours[1]:
            return True
    return False


def _midnight(s: Scenario) -> bool:
    return any(
        a.end == b.start and a.end % MINUTES_PER_DAY == 0 and a.therapist_id == b.therapist_id
        for a in s.shifts
        for b in s.shifts
    )


def _closed_with_shifts(s: Scenario) -> bool:
    closed = s.settings.closed_dates
    return any(s.settings.day_date(x.start // MINUTES_PER_DAY) in closed for x in s.shifts)


def _nested(s: Scenario) -> bool:
    return any(
        a.start <= b.start and b.end <= a.end and (a.start, a.end) != (b.start, b.end)
        for a, b in _pairs(s)
    )


def _fractional(s: Scenario) -> bool:
    return any(
        c.min_gap_hours is not None
        and (not float(c.min_gap_hours).is_integer() or c.max_gap_hours == c.min_gap_hours)
        for c in s.courses
    )


def _preferences(s: Scenario) -> int:
    return sum(c.preferred_therapist is not None for c in s.courses)


def _sessions(s: Scenario) -> int:
    return sum(c.sessions for c in s.courses)


def _grid(slot: int) -> Check:
    return lambda before, after: after.settings.slot_minutes == slot


SHOWS: dict[str, Check] = {
    **{f"grid_{slot}": _grid(slot) for slot in (5, 10, 20, 25, 30)},
    "zero_turnover": lambda b, s: s.settings.turnover_minutes == 0,
    "long_turnover": lambda b, s: s.settings.turnover_minutes not in (0, 15),
    "zero_assessment": lambda b, s: s.settings.assessment_minutes == 0,
    "odd_assessment": lambda b, s: s.settings.assessment_minutes % 15 != 0,
    "clients_twice_a_day": lambda b, s: s.settings.client_max_sessions_per_day > 1,
    "odd_weights": lambda b, s: s.settings.weights != b.settings.weights,
    "closed_date_with_shifts": lambda b, s: _closed_with_shifts(s),
    "short_opening": lambda b, s: _off_opening(s),
    "midnight": lambda b, s: _midnight(s),
    "weekly_minute_limits": lambda b, s: _week_limit_binds(s),
    "tight_limits": lambda b, s: any(t.max_sessions_per_day <= 3 for t in s.therapists),
    "identical_therapists": lambda b, s: _twins(s),
    "nested_shifts": lambda b, s: _nested(s),
    "duplicate_shifts": lambda b, s: any(
        (a.start, a.end) == (c.start, c.end) for a, c in _pairs(s)
    ),
    "touching_shifts": lambda b, s: any(a.end == c.start for a, c in _pairs(s)),
    "overlapping_shifts": lambda b, s: any(a.start < c.start < a.end < c.end for a, c in _pairs(s)),
    "split_shifts": lambda b, s: any(a.end < c.start for a, c in _pairs(s)),
    "shifts_beyond_opening": lambda b, s: _off_opening(s),
    "off_grid_shift_edges": lambda b, s: any(x.start % 15 or x.end % 15 for x in s.shifts),
    "odd_closures": lambda b, s: len(s.room_closures) > len(b.room_closures),
    "overlapping_availability": lambda b, s: _overlapping_rows(s),
    "several_courses_per_client": lambda b, s: (
        len({c.client_id for c in s.courses}) < len(s.courses)
    ),
    "daily_no_gap": lambda b, s: any(c.min_gap_hours == 0 for c in s.courses),
    "fractional_gaps": lambda b, s: _fractional(s),
    "last_session_end_near": lambda b, s: any(
        c.last_session_end is not None and -300 < c.last_session_end <= 0 for c in s.courses
    ),
    "course_windows": lambda b, s: any(
        c.earliest is not None or c.latest is not None for c in s.courses
    ),
    "preferred_therapists": lambda b, s: _preferences(s) > _preferences(b),
    "long_courses": lambda b, s: _sessions(s) > _sessions(b),
    "odd_conditions": lambda b, s: len(s.conditions) > len(b.conditions),
    "odd_durations": lambda b, s: any(t.duration % 15 for t in s.treatments),
    "unservable_courses": lambda b, s: (
        len(s.courses) > len(b.courses) and len(s.treatments) > len(b.treatments)
    ),
    "availability_beyond_opening": lambda b, s: _rows_beyond_opening(s),
}
