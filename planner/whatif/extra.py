"""Variant keys for the changes a manager's advice names (``planner advise``):

- ``add_specialties = [{therapist_id, specialties}]``: a therapist trained in more specialties;
- ``add_room_days = [{room_id, name?, equipment?, date}]``: one more room, open on that date only
  (a spare room fitted out for the day): closed all other days of the horizon;
- ``extend_opening = [{date, start?, end?}]``: the spa opens earlier or closes later on that date.

The contract has opening hours per weekday only, so a longer day on one date widens its
weekday's hours and closes every room for the extra time on the horizon's other dates of that
weekday: no session can lie there, exactly as if the spa were shut.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from planner.scenario.timeaxis import MINUTES_PER_DAY
from planner.scenario.types import Room, RoomClosure, Scenario
from planner.whatif.reader import Reader


@dataclass(frozen=True)
class NewSpecialties:
    """Specialties a therapist gains."""

    therapist_id: str
    specialties: frozenset[str]
    line: int | None


@dataclass(frozen=True)
class RoomDay:
    """A room that is open on one date only."""

    room: Room
    on: date
    line: int | None


@dataclass(frozen=True)
class LongerDay:
    """New opening hours of one date (minutes of the day); None keeps that end."""

    on: date
    start: int | None
    end: int | None
    line: int | None


EXTRA_KEYS: dict[str, str] = {
    "add_specialties": "a list of tables {therapist_id, specialties}",
    "add_room_days": "a list of tables {room_id, name, equipment, date}",
    "extend_opening": 'a list of tables {date, start = "HH:MM", end = "HH:MM"}',
}


def read_specialties(r: Reader, value: object) -> tuple[NewSpecialties, ...]:
    key = "add_specialties"
    out = []
    for table in r.tables(key, value):
        at = str(table.get("therapist_id", "")) or key
        r.check_keys(key, table, ("therapist_id", "specialties"), at)
        therapist_id = r.text(key, table.get("therapist_id"))
        specialties = r.items(key, table.get("specialties", ""), at)
        if specialties is not None and not specialties:
            r.fail(key, "expected at least one specialty", at)
        elif therapist_id is not None and specialties is not None:
            out.append(NewSpecialties(therapist_id, specialties, r.line(key, therapist_id)))
    return tuple(out)


def read_room_days(r: Reader, value: object) -> tuple[RoomDay, ...]:
    key = "add_room_days"
    out = []
    for table in r.tables(key, value):
        at = str(table.get("room_id", "")) or key
        r.check_keys(key, table, ("room_id", "name", "equipment", "date"), at)
        room_id = r.text(key, table.get("room_id"))
        equipment = r.items(key, table.get("equipment", ""), at)
        on = r.date(key, table.get("date"), at)
        name = table.get("name", room_id)
        if room_id is None or equipment is None or on is None or not isinstance(name, str):
            continue
        out.append(RoomDay(Room(room_id, name, equipment), on, r.line(key, room_id)))
    return tuple(out)


def read_longer_days(r: Reader, value: object) -> tuple[LongerDay, ...]:
    key = "extend_opening"
    out = []
    for table in r.tables(key, value):
        at = str(table.get("date", "")) or key
        r.check_keys(key, table, ("date", "start", "end"), at)
        on = r.date(key, table.get("date"), at)
        start = end = None
        if "start" in table:
            start = r.clock(key, table["start"], at, is_end=False)
        if "end" in table:
            end = r.clock(key, table["end"], at, is_end=True)
        if "start" not in table and "end" not in table:
            r.fail(key, "expected start or end (HH:MM), or both", at)
        elif on is not None and (start is not None or end is not None):
            out.append(LongerDay(on, start, end, r.line(key, at)))
    return tuple(out)


def _whole_day(day: int) -> tuple[int, int]:
    return day * MINUTES_PER_DAY, (day + 1) * MINUTES_PER_DAY


def add_specialties(scenario: Scenario, changes: tuple[NewSpecialties, ...]) -> Scenario:
    """Therapists with the specialties of ``changes`` added (ids checked by the caller)."""
    gained: dict[str, frozenset[str]] = {}
    for change in changes:
        gained[change.therapist_id] = (
            gained.get(change.therapist_id, frozenset()) | change.specialties
        )
    therapists = tuple(
        replace(t, specialties=t.specialties | gained[t.id]) if t.id in gained else t
        for t in scenario.therapists
    )
    return replace(scenario, therapists=therapists)


def add_room_days(scenario: Scenario, days: list[tuple[Room, int]]) -> Scenario:
    """Rooms open on one horizon day each: closed on every other day."""
    rooms = list(scenario.rooms)
    closures = list(scenario.room_closures)
    for room, open_day in days:
        rooms.append(room)
        closures += [
            RoomClosure(room.id, *_whole_day(day))
            for day in range(scenario.settings.days)
            if day != open_day
        ]
    return replace(scenario, rooms=tuple(rooms), room_closures=tuple(closures))


def extend_opening(
    scenario: Scenario, longer: list[tuple[int, int | None, int | None]]
) -> Scenario:
    """Opening hours of each horizon day of ``longer`` widened to ``(day, start, end)``; the
    other days of the same weekday stay as they were (see the module)."""
    settings = scenario.settings
    week = list(settings.opening_hours)
    closures = list(scenario.room_closures)
    for day, start, end in longer:
        weekday = settings.day_date(day).weekday()
        old = week[weekday]
        if old is None:
            continue
        new = (min(old[0], start if start is not None else old[0]),
               max(old[1], end if end is not None else old[1]))  # fmt: skip
        week[weekday] = new
        extra = [(new[0], old[0]), (old[1], new[1])]
        for other in range(settings.days):
            if other == day or settings.day_date(other).weekday() != weekday:
                continue
            base = other * MINUTES_PER_DAY
            closures += [
                RoomClosure(room.id, base + lo, base + hi)
                for lo, hi in extra
                if lo < hi
                for room in scenario.rooms
            ]
    new_settings = replace(settings, opening_hours=tuple(week))
    return replace(scenario, settings=new_settings, room_closures=tuple(closures))


__all__ = [
    "EXTRA_KEYS",
    "LongerDay",
    "NewSpecialties",
    "RoomDay",
    "add_room_days",
    "add_specialties",
    "extend_opening",
    "read_longer_days",
    "read_room_days",
    "read_specialties",
]
