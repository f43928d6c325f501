"""The changes a manager can actually make, as variant tables of a variants file.

Only changes that can help an unscheduled session are proposed: shifts of therapists who have a
specialty an unscheduled course needs, room-days of equipment it needs, specialties it needs, on the
days of the horizon the spa is open. Each change is one variant table (``planner whatif`` runs
it unchanged) with its cost in therapist or room minutes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from planner.plan import UnscheduledSession
from planner.scenario.timeaxis import MINUTES_PER_DAY, format_clock
from planner.scenario.types import Scenario

# How far a shift is stretched (minutes), and how much longer a day opens.
EXTENSIONS = (60, 120)
LONGER_OPENING = 60


@dataclass(frozen=True)
class Candidate:
    """One change: a variant table, what it says, what it costs."""

    name: str
    kind: str
    description: str
    table: dict[str, Any]
    cost_minutes: int


def _shifts(scenario: Scenario, therapist_id: str, day: int) -> list[tuple[int, int]]:
    return [
        (s.start, s.end)
        for s in scenario.shifts_by_therapist.get(therapist_id, ())
        if s.start // MINUTES_PER_DAY == day
    ]


def _usual_length(scenario: Scenario, therapist_id: str) -> int:
    lengths = Counter(s.end - s.start for s in scenario.shifts_by_therapist.get(therapist_id, ()))
    return lengths.most_common(1)[0][0] if lengths else 8 * 60


def shift_changes(scenario: Scenario, specialties: set[str]) -> Iterator[Candidate]:
    """Longer shifts (earlier start, later end) and a shift on a day off, within opening hours."""
    settings = scenario.settings
    for therapist in scenario.therapists:
        if not therapist.specialties & specialties:
            continue
        for day in range(settings.days):
            hours = settings.opening(day)
            if hours is None:
                continue
            on = settings.day_date(day)
            rows = _shifts(scenario, therapist.id, day)
            base = day * MINUTES_PER_DAY
            if not rows:
                end = min(hours[1], hours[0] + _usual_length(scenario, therapist.id))
                yield _shift(therapist.id, therapist.name, on, hours[0] - base, end - base,
                             f"{therapist.name} works on {on:%a %d %b} too",
                             "add_shift")  # fmt: skip
                continue
            first, last = min(r[0] for r in rows), max(r[1] for r in rows)
            for minutes in EXTENSIONS:
                if last < hours[1]:
                    new_end = min(hours[1], last + minutes)
                    yield _shift(therapist.id, therapist.name, on, last - base, new_end - base,
                                 f"{therapist.name} works {new_end - last} min longer on "
                                 f"{on:%a %d %b} (until {format_clock(new_end - base)})",
                                 "extend_shift")  # fmt: skip
                if first > hours[0]:
                    new_start = max(hours[0], first - minutes)
                    yield _shift(therapist.id, therapist.name, on, new_start - base, first - base,
                                 f"{therapist.name} starts {first - new_start} min earlier on "
                                 f"{on:%a %d %b} (from {format_clock(new_start - base)})",
                                 "extend_shift")  # fmt: skip


def _shift(
    therapist_id: str, name: str, on: object, start: int, end: int, text: str, kind: str
) -> Candidate:
    table = {
        "description": text,
        "add_shifts": [
            {"therapist_id": therapist_id, "date": on,
             "start": format_clock(start), "end": format_clock(end)}
        ],
    }  # fmt: skip
    label = f"{therapist_id}-{on}-{format_clock(start)}-{format_clock(end)}".replace(":", "")
    return Candidate(f"shift-{label}", kind, text, table, end - start)


def room_days(scenario: Scenario, equipment: set[frozenset[str]]) -> Iterator[Candidate]:
    """One more room of each equipment kind an unscheduled course needs, on one open day."""
    settings = scenario.settings
    taken = set(scenario.room_by_id)
    for kit in sorted(equipment, key=sorted):
        if not kit:
            continue
        number = 1
        while f"extra{number}" in taken:
            number += 1
        room_id = f"extra{number}"
        for day in range(settings.days):
            hours = settings.opening(day)
            if hours is None:
                continue
            on = settings.day_date(day)
            kinds = ", ".join(sorted(kit))
            text = f"one more room with {kinds} on {on:%a %d %b}"
            table = {
                "description": text,
                "add_room_days": [
                    {"room_id": room_id, "name": f"Extra room ({kinds})",
                     "equipment": sorted(kit), "date": on}
                ],
            }  # fmt: skip
            name = f"room-{'-'.join(sorted(kit))}-{on}"
            yield Candidate(name, "room_day", text, table, hours[1] - hours[0])


def specialty_changes(scenario: Scenario, specialties: set[str]) -> Iterator[Candidate]:
    """A therapist trained in one specialty an unscheduled course needs (cost: their shift minutes
    become usable for it; reported as 0 extra minutes)."""
    for specialty in sorted(specialties):
        for therapist in scenario.therapists:
            if specialty in therapist.specialties:
                continue
            text = f"{therapist.name} is trained in {specialty}"
            table = {
                "description": text,
                "add_specialties": [{"therapist_id": therapist.id, "specialties": [specialty]}],
            }
            yield Candidate(f"train-{therapist.id}-{specialty}", "specialty", text, table, 0)


def opening_changes(scenario: Scenario) -> Iterator[Candidate]:
    """Each open day an hour longer, in the evening or the morning."""
    settings = scenario.settings
    for day in range(settings.days):
        hours = settings.opening(day)
        if hours is None:
            continue
        on = settings.day_date(day)
        base = day * MINUTES_PER_DAY
        lo, hi = hours[0] - base, hours[1] - base
        rooms = len(scenario.rooms)
        if hi + LONGER_OPENING <= MINUTES_PER_DAY:
            end = format_clock(hi + LONGER_OPENING)
            text = f"open until {end} on {on:%a %d %b}"
            table = {"description": text, "extend_opening": [{"date": on, "end": end}]}
            yield Candidate(f"open-{on}-late", "opening", text, table, LONGER_OPENING * rooms)
        if lo - LONGER_OPENING >= 0:
            begin = format_clock(lo - LONGER_OPENING)
            text = f"open from {begin} on {on:%a %d %b}"
            table = {"description": text, "extend_opening": [{"date": on, "start": begin}]}
            yield Candidate(f"open-{on}-early", "opening", text, table, LONGER_OPENING * rooms)


def candidates(scenario: Scenario, unscheduled: list[UnscheduledSession]) -> list[Candidate]:
    """Every change worth estimating for the sessions ``unscheduled`` (see the module)."""
    courses = {u.course_id for u in unscheduled}
    treatments = [scenario.treatment_of(scenario.course_by_id[c]) for c in sorted(courses)]
    specialties = {t.specialty for t in treatments}
    found = [
        *shift_changes(scenario, specialties),
        *room_days(scenario, {t.equipment for t in treatments}),
        *specialty_changes(scenario, specialties),
        *opening_changes(scenario),
    ]
    limit = scenario.settings.client_max_sessions_per_day
    text = f"clients who ask may come {limit + 1} times a day"
    found.append(
        Candidate("second-daily-session", "client_day", text,
                  {"description": text, "settings": {"client_max_sessions_per_day": limit + 1}}, 0)
    )  # fmt: skip
    return found


__all__ = ["Candidate", "candidates"]
