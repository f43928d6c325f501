"""Sessions already booked (pinned) that keep every hard rule, placed greedily.

A pinned session that breaks a rule makes the scenario invalid, so each pin is put into time
that is still free for its therapist, room and client and checked against every hard rule of
the contract: shift and opening hours, room equipment and closures, specialty, availability,
course window, contraindications, gaps and the therapists' and clients' limits. Only session 1
(or sessions 1..2) of courses without earlier history are pinned, so gaps to sessions before
the horizon never come into play.
"""

from __future__ import annotations

import random
from bisect import insort
from collections import Counter
from dataclasses import dataclass, field

from planner.scenario.medical import restriction_on
from planner.scenario.timeaxis import MINUTES_PER_DAY
from planner.scenario.types import Course, Pin, Room, Scenario, Shift

PIN_SHARE = 0.04  # courses with a session already booked
MAX_THERAPISTS_TRIED = 8  # keeps pinning fast on a huge spa; a pin is only an example booking


@dataclass
class _Book:
    """Time already taken by pins; intervals are half-open and sorted."""

    therapist: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    room: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    client: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    therapist_day: Counter[tuple[str, int]] = field(default_factory=Counter)
    deep_day: Counter[tuple[str, int]] = field(default_factory=Counter)
    week_minutes: Counter[tuple[str, int]] = field(default_factory=Counter)
    client_day: Counter[tuple[str, int]] = field(default_factory=Counter)


def _free(taken: list[tuple[int, int]], start: int, end: int) -> bool:
    return all(end <= s or e <= start for s, e in taken)


def make_pins(rng: random.Random, scenario: Scenario) -> list[Pin]:
    """Pins for about 4 % of the courses (at least one where any course can take one)."""
    candidates = sorted(
        (c for c in scenario.courses if c.last_session_end is None), key=lambda c: c.id
    )
    wanted = min(len(candidates), max(1, round(PIN_SHARE * len(scenario.courses))))
    book = _Book()
    pins: list[Pin] = []
    for course in rng.sample(candidates, len(candidates)):
        if len(pins) >= wanted:
            break
        sessions = 2 if course.sessions >= 2 and rng.random() < 0.3 else 1
        not_before, not_after = 0, None
        for session in range(1, sessions + 1):
            pin = _place(rng, scenario, book, course, session, not_before, not_after)
            if pin is None:
                break
            pins.append(pin)
            end = pin.start + scenario.session_length(course, session)
            low, high = scenario.gap_minutes(course)
            not_before, not_after = end + low, None if high is None else end + high
    return pins


def _place(
    rng: random.Random,
    scenario: Scenario,
    book: _Book,
    course: Course,
    session: int,
    not_before: int,
    not_after: int | None,
) -> Pin | None:
    treatment = scenario.treatment_of(course)
    able = [t for t in scenario.therapists if treatment.specialty in t.specialties]
    rng.shuffle(able)
    able.sort(key=lambda t: t.id != course.preferred_therapist)
    for therapist in able[:MAX_THERAPISTS_TRIED]:
        for shift in scenario.shifts_by_therapist.get(therapist.id, ()):
            pin = _place_in_shift(scenario, book, course, session, shift, not_before, not_after)
            if pin is not None:
                return pin
    return None


def _place_in_shift(
    scenario: Scenario,
    book: _Book,
    course: Course,
    session: int,
    shift: Shift,
    not_before: int,
    not_after: int | None,
) -> Pin | None:
    settings = scenario.settings
    therapist = scenario.therapist_by_id[shift.therapist_id]
    treatment = scenario.treatment_of(course)
    length = scenario.session_length(course, session)
    day = shift.start // MINUTES_PER_DAY
    week = settings.week_of(day)
    opening = settings.opening(day)
    if opening is None or not _within_limits(
        scenario, book, course, therapist.id, day, week, length
    ):
        return None
    found = restriction_on(scenario, course, day)
    if found is not None and found.blocks:
        return None
    windows = _windows(scenario, course, shift, opening, not_before)
    turnover = settings.turnover_minutes
    slot = settings.slot_minutes
    rooms = [r for r in scenario.rooms if treatment.equipment <= r.equipment]
    for a, b in windows:
        start = -(-a // slot) * slot
        while start + length <= b and (not_after is None or start <= not_after):
            end = start + length
            if _free(book.therapist.get(therapist.id, []), start, end + turnover) and _free(
                book.client.get(course.client_id, []), start, end
            ):
                room = _free_room(scenario, book, rooms, start, end + turnover)
                if room is not None:
                    _book(book, course, therapist.id, room.id, start, end, day, week,
                          treatment.deep, turnover)  # fmt: skip
                    return Pin(course.id, session, therapist.id, room.id, start)
            start += slot
    return None


def _windows(
    scenario: Scenario, course: Course, shift: Shift, opening: tuple[int, int], not_before: int
) -> list[tuple[int, int]]:
    """Where in ``shift`` the course's session may lie: the opening hours, the course's window,
    ``not_before`` and the client's availability (all of the shift's day when it has none)."""
    low, high = scenario.course_window(course)
    lo = max(shift.start, opening[0], low, not_before)
    hi = min(shift.end, opening[1], high)
    rows = scenario.availability_by_client.get(course.client_id)
    if rows:
        return [(max(lo, a.start), min(hi, a.end)) for a in rows]
    return [(lo, hi)]


def _free_room(
    scenario: Scenario, book: _Book, rooms: list[Room], start: int, until: int
) -> Room | None:
    """The first of ``rooms`` neither booked nor closed in ``[start, until)``."""
    for room in rooms:
        closures = [(c.start, c.end) for c in scenario.closures_by_room.get(room.id, ())]
        if _free(book.room.get(room.id, []), start, until) and _free(closures, start, until):
            return room
    return None


def _within_limits(
    scenario: Scenario,
    book: _Book,
    course: Course,
    therapist_id: str,
    day: int,
    week: int,
    length: int,
) -> bool:
    therapist = scenario.therapist_by_id[therapist_id]
    if book.therapist_day[therapist_id, day] >= therapist.max_sessions_per_day:
        return False
    deep = scenario.treatment_of(course).deep
    deep_limit = therapist.max_deep_per_day
    if deep and deep_limit is not None and book.deep_day[therapist_id, day] >= deep_limit:
        return False
    limit = therapist.max_minutes_per_week
    if limit is not None and book.week_minutes[therapist_id, week] + length > limit:
        return False
    return book.client_day[course.client_id, day] < scenario.settings.client_max_sessions_per_day


def _book(
    book: _Book,
    course: Course,
    therapist_id: str,
    room_id: str,
    start: int,
    end: int,
    day: int,
    week: int,
    deep: bool,
    turnover: int,
) -> None:
    insort(book.therapist.setdefault(therapist_id, []), (start, end + turnover))
    insort(book.room.setdefault(room_id, []), (start, end + turnover))
    insort(book.client.setdefault(course.client_id, []), (start, end))
    book.therapist_day[therapist_id, day] += 1
    book.deep_day[therapist_id, day] += int(deep)
    book.week_minutes[therapist_id, week] += end - start
    book.client_day[course.client_id, day] += 1
