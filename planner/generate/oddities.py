"""Contract-legal oddities of settings, staff and rooms, for the fuzz mode of the generator.

Each oddity is a small function ``(rng, scenario) -> scenario or None`` (None: it does not apply
to this scenario, e.g. no shift is long enough to split). Every one keeps the scenario legal under
the input contract: periods stay within one day with an end after the start,
ids stay unique, limits keep their ranges. Pins are left alone here: the fuzz mode places its
pins after every oddity, so that no oddity can make a pin break a rule.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import timedelta
from typing import Any, TypeVar

from planner.generate.catalog import DEEP_SPECIALTIES
from planner.scenario.timeaxis import MINUTES_PER_DAY
from planner.scenario.types import RoomClosure, Scenario, Shift, Therapist, Weights

T = TypeVar("T")


def pick(rng: random.Random, items: Sequence[T], share: float, at_least: int = 1) -> list[T]:
    """About ``share`` of ``items`` (at least ``at_least`` where there are any), in item order."""
    chosen = [item for item in items if rng.random() < share]
    if len(chosen) < at_least:
        extra = [item for item in items if item not in chosen]
        chosen += rng.sample(extra, min(len(extra), at_least - len(chosen)))
    return [item for item in items if item in chosen]


def _day_base(minute: int) -> int:
    return minute // MINUTES_PER_DAY * MINUTES_PER_DAY


def _with_settings(scenario: Scenario, **changes: Any) -> Scenario:
    return replace(scenario, settings=replace(scenario.settings, **changes))


ShiftChange = Callable[[random.Random, Shift], list[Shift] | None]


def _replace_shifts(
    rng: random.Random, scenario: Scenario, share: float, change: ShiftChange
) -> Scenario | None:
    """Scenario whose chosen shifts are replaced by ``change(rng, shift)`` (None: keep it)."""
    chosen = set(pick(rng, range(len(scenario.shifts)), share, at_least=0))
    out: list[Shift] = []
    changed = False
    for index, shift in enumerate(scenario.shifts):
        new = change(rng, shift) if index in chosen else None
        changed |= new is not None
        out.extend([shift] if new is None else new)
    return replace(scenario, shifts=tuple(out)) if changed else None


# Settings --------------------------------------------------------------------------------------


Oddity = Callable[[random.Random, Scenario], Scenario | None]


def grid(slot: int) -> Oddity:
    """An oddity that sets a ``slot``-minute grid instead of the default 15."""

    def apply(rng: random.Random, scenario: Scenario) -> Scenario | None:
        return _with_settings(scenario, slot_minutes=slot)

    apply.__doc__ = f"A {slot}-minute slot grid."
    return apply


def zero_turnover(rng: random.Random, scenario: Scenario) -> Scenario | None:
    """No turnover: sessions of a therapist or room may touch."""
    return _with_settings(scenario, turnover_minutes=0)


def long_turnover(rng: random.Random, scenario: Scenario) -> Scenario | None:
    """A long turnover, which runs past shift ends (allowed) and off the grid."""
    return _with_settings(scenario, turnover_minutes=rng.choice((7, 25, 30, 45)))


def zero_assessment(rng: random.Random, scenario: Scenario) -> Scenario | None:
    """No assessment minutes: first sessions are as long as the others."""
    return _with_settings(scenario, assessment_minutes=0)


def odd_assessment(rng: random.Random, scenario: Scenario) -> Scenario | None:
    """An assessment of a length that leaves the first session off the grid's rhythm."""
    return _with_settings(scenario, assessment_minutes=rng.choice((5, 10, 20, 35)))


def clients_twice_a_day(rng: random.Random, scenario: Scenario) -> Scenario | None:
    """Clients may come two or three times a day (their sessions still may not overlap)."""
    return _with_settings(scenario, client_max_sessions_per_day=rng.choice((2, 3)))


def odd_weights(rng: random.Random, scenario: Scenario) -> Scenario | None:
    """Other soft-goal weights, zero included."""
    weights = Weights(
        continuity=rng.choice((0, 1, 10, 50)),
        preferred_therapist=rng.choice((0, 3, 5, 20)),
        preferred_time=rng.choice((0, 1, 2, 7)),
    )
    return _with_settings(scenario, weights=weights)


def closed_date_with_shifts(rng: random.Random, scenario: Scenario) -> Scenario | None:
    """A date closed in ``closed_dates`` on which therapists still have shifts."""
    settings = scenario.settings
    days = sorted({s.start // MINUTES_PER_DAY for s in scenario.shifts})
    open_days = [d for d in days if settings.opening(d) is not None]
    if not open_days:
        return None
    day = rng.choice(open_days)
    closed = settings.closed_dates | {settings.day_date(day)}
    return _with_settings(scenario, closed_dates=frozenset(closed))


def short_opening(rng: random.Random, scenario: Scenario) -> Scenario | None:
    """One weekday opens late and closes early, so shifts begin before or end after it."""
    hours = list(scenario.settings.opening_hours)
    weekday = rng.randrange(7)
    start = rng.choice((10 * 60, 11 * 60 + 30, 12 * 60 + 5))
    hours[weekday] = (start, start + rng.choice((180, 240, 305)))
    return _with_settings(scenario, opening_hours=tuple(hours))


def midnight(rng: random.Random, scenario: Scenario) -> Scenario | None:
    """Open 00:00-24:00 every day; a therapist works up to 24:00 and again from 00:00 next day,
    so the turnover of a session ending at midnight keeps the first one of the next day apart."""
    settings = scenario.settings
    if settings.days < 2 or not scenario.therapists:
        return None
    therapist = rng.choice(scenario.therapists)
    day = rng.randrange(settings.days - 1)
    base = (day + 1) * MINUTES_PER_DAY
    late = Shift(therapist.id, base - rng.choice((180, 240)), base)
    early = Shift(therapist.id, base, base + rng.choice((120, 240)))
    scenario = replace(scenario, shifts=(*scenario.shifts, late, early))
    return _with_settings(scenario, opening_hours=((0, MINUTES_PER_DAY),) * 7)


# Staff -----------------------------------------------------------------------------------------


def weekly_minute_limits(rng: random.Random, scenario: Scenario) -> Scenario | None:
    """``max_minutes_per_week`` below the shift minutes of some calendar week (Mon-Sun)."""
    settings = scenario.settings
    per_week: dict[tuple[str, object], int] = {}
    for s in scenario.shifts:
        on = settings.day_date(s.start // MINUTES_PER_DAY)
        monday = on - timedelta(days=on.weekday())
        per_week[(s.therapist_id, monday)] = per_week.get((s.therapist_id, monday), 0) + (
            s.end - s.start
        )
    staff = []
    for therapist in scenario.therapists:
        weeks = [m for (t, _), m in per_week.items() if t == therapist.id]
        if weeks and rng.random() < 0.7:
            limit = max(0, int(min(weeks) * rng.uniform(0.2, 0.9)))
            therapist = replace(therapist, max_minutes_per_week=limit)
        staff.append(therapist)
    return replace(scenario, therapists=tuple(staff))


def tight_limits(rng: random.Random, scenario: Scenario) -> Scenario | None:
    """One or two sessions a day, no or one deep session a day, for some therapists."""
    staff = []
    for therapist in scenario.therapists:
        if rng.random() < 0.5:
            deep = bool(therapist.specialties & DEEP_SPECIALTIES)
            therapist = replace(
                therapist,
                max_sessions_per_day=rng.choice((1, 2, 3)),
                max_deep_per_day=rng.choice((0, 1)) if deep else therapist.max_deep_per_day,
            )
        staff.append(therapist)
    return replace(scenario, therapists=tuple(staff))


def identical_therapists(rng: random.Random, scenario: Scenario) -> Scenario | None:
    """A twin of a therapist: same specialties, limits and shifts (symmetric choices)."""
    if not scenario.therapists:
        return None
    original = rng.choice(scenario.therapists)
    taken = {t.id for t in scenario.therapists}
    number = 2
    while f"{original.id}-{number}" in taken:
        number += 1
    twin: Therapist = replace(original, id=f"{original.id}-{number}", name=f"{original.name} II")
    shifts = [replace(s, therapist_id=twin.id) for s in scenario.shifts_by_therapist[original.id]]
    return replace(
        scenario,
        therapists=(*scenario.therapists, twin),
        shifts=(*scenario.shifts, *shifts),
    )


def nested_shifts(rng: random.Random, scenario: Scenario) -> Scenario | None:
    """An inner row inside a shift (09:00-18:00 and 10:00-11:00 on one day)."""

    def change(rng: random.Random, s: Shift) -> list[Shift] | None:
        if s.end - s.start < 90:
            return None
        lo = s.start + rng.randrange(0, (s.end - s.start - 60) // 5) * 5
        hi = rng.randrange(lo + 30, s.end + 1)
        return (
            [s, Shift(s.therapist_id, lo, hi)]
            if rng.random() < 0.5
            else [
                Shift(s.therapist_id, lo, hi),
                s,
            ]
        )

    return _replace_shifts(rng, scenario, 0.4, change)


def duplicate_shifts(rng: random.Random, scenario: Scenario) -> Scenario | None:
    """The same shift row twice."""
    return _replace_shifts(rng, scenario, 0.3, lambda rng, s: [s, s])


def touching_shifts(rng: random.Random, scenario: Scenario) -> Scenario | None:
    """A shift cut into two rows that touch (09:00-12:00, 12:00-17:00): no session spans both."""

    def change(rng: random.Random, s: Shift) -> list[Shift] | None:
        if s.end - s.start < 120:
            return None
        cut = rng.randrange(s.start + 45, s.end - 45)
        return [Shift(s.therapist_id, s.start, cut), Shift(s.therapist_id, cut, s.end)]

    return _replace_shifts(rng, scenario, 0.4, change)


def overlapping_shifts(rng: random.Random, scenario: Scenario) -> Scenario | None:
    """Two rows that overlap in part (09:00-13:00, 12:00-17:00)."""

    def change(rng: random.Random, s: Shift) -> list[Shift] | None:
        if s.end - s.start < 180:
            return None
        cut = rng.randrange(s.start + 60, s.end - 60)
        overlap = rng.choice((15, 30, 55))
        first = Shift(s.therapist_id, s.start, min(s.end, cut + overlap))
        return [first, Shift(s.therapist_id, cut, s.end)]

    return _replace_shifts(rng, scenario, 0.4, change)


def split_shifts(rng: random.Random, scenario: Scenario) -> Scenario | None:
    """A shift with a break in the middle (two rows on one day)."""

    def change(rng: random.Random, s: Shift) -> list[Shift] | None:
        if s.end - s.start < 300:
            return None
        cut = rng.randrange(s.start + 120, s.end - 150)
        pause = rng.choice((30, 60, 95))
        return [Shift(s.therapist_id, s.start, cut), Shift(s.therapist_id, cut + pause, s.end)]

    return _replace_shifts(rng, scenario, 0.4, change)


def shifts_beyond_opening(rng: random.Random, scenario: Scenario) -> Scenario | None:
    """Shifts that begin before the spa opens or end after it closes (same day)."""

    def change(rng: random.Random, s: Shift) -> list[Shift] | None:
        base = _day_base(s.start)
        start = max(base, s.start - rng.choice((0, 45, 120, 180)))
        end = min(base + MINUTES_PER_DAY, s.end + rng.choice((0, 30, 90, 180)))
        return None if (start, end) == (s.start, s.end) else [Shift(s.therapist_id, start, end)]

    return _replace_shifts(rng, scenario, 0.5, change)


def off_grid_shift_edges(rng: random.Random, scenario: Scenario) -> Scenario | None:
    """Shift edges off the slot grid (09:07-16:53)."""

    def change(rng: random.Random, s: Shift) -> list[Shift] | None:
        start, end = s.start + rng.randrange(1, 14), s.end - rng.randrange(0, 14)
        return [Shift(s.therapist_id, start, end)] if end - start >= 60 else None

    return _replace_shifts(rng, scenario, 0.4, change)


# Rooms -----------------------------------------------------------------------------------------


def odd_closures(rng: random.Random, scenario: Scenario) -> Scenario | None:
    """Closures off the grid, overlapping each other, touching, or a whole day long."""
    settings = scenario.settings
    added: list[RoomClosure] = []
    for room in pick(rng, scenario.rooms, 0.4):
        base = rng.randrange(settings.days) * MINUTES_PER_DAY
        kind = rng.randrange(4)
        if kind == 0:
            added.append(RoomClosure(room.id, base, base + MINUTES_PER_DAY))
            continue
        start = base + rng.randrange(9 * 60, 19 * 60)
        length = rng.randrange(20, 150)
        added.append(RoomClosure(room.id, start, start + length))
        if kind == 1:  # overlapping
            added.append(RoomClosure(room.id, start + length // 2, start + length + 40))
        elif kind == 2:  # touching
            added.append(RoomClosure(room.id, start + length, start + length + 30))
    added = [c for c in added if c.end <= _day_base(c.start) + MINUTES_PER_DAY]
    if not added:
        return None
    return replace(scenario, room_closures=(*scenario.room_closures, *added))
