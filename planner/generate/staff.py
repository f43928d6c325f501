"""Therapists of a generated spa: specialties, personal limits and shift rosters."""

from __future__ import annotations

import random
from collections.abc import Sequence

from planner.generate.catalog import DEEP_SPECIALTIES, SPECIALTY_WEIGHTS
from planner.generate.names import NamePool
from planner.scenario.timeaxis import MINUTES_PER_DAY
from planner.scenario.types import Settings, Shift, Therapist

# Shift patterns as (start, end) minute-of-day pieces; a split shift has two pieces.
SHIFT_PATTERNS: dict[str, tuple[tuple[int, int], ...]] = {
    "early": ((9 * 60, 17 * 60),),
    "late": ((13 * 60, 21 * 60),),
    "middle": ((11 * 60, 19 * 60),),
    "split": ((9 * 60, 13 * 60), (15 * 60, 20 * 60)),
    "part_morning": ((9 * 60, 14 * 60),),
    "part_evening": ((16 * 60, 21 * 60),),
}
_PATTERN_WEIGHTS = (
    ("early", 5),
    ("late", 5),
    ("middle", 3),
    ("split", 3),
    ("part_morning", 1),
    ("part_evening", 1),
)
_ROTATING = ("early", "late")  # some therapists swap early and late shifts week by week
MIN_SHIFT_MINUTES = 120  # shorter pieces (cut by opening hours) are not worth rostering


def offered_specialties(rng: random.Random, therapists: int) -> list[str]:
    """Specialties the spa offers: more staff, more variety; relaxing massage always."""
    wanted = min(len(SPECIALTY_WEIGHTS), therapists + 1 + therapists // 3)
    chosen = ["relaxing"]
    pool = [(name, weight) for name, weight in SPECIALTY_WEIGHTS if name != "relaxing"]
    while len(chosen) < wanted:
        names = [name for name, _ in pool]
        pick = rng.choices(range(len(pool)), weights=[w for _, w in pool])[0]
        chosen.append(names[pick])
        del pool[pick]
    # Catalog order, so that files read the same whatever the draw order was.
    order = [name for name, _ in SPECIALTY_WEIGHTS]
    return sorted(chosen, key=order.index)


def make_therapists(
    rng: random.Random, count: int, specialties: Sequence[str], names: NamePool
) -> list[Therapist]:
    """``count`` therapists with 1-3 specialties that together cover ``specialties``."""
    width = max(2, len(str(count)))
    held: list[list[str]] = [[] for _ in range(count)]
    # Round robin over the offered specialties first, so that each has at least one therapist.
    for index, specialty in enumerate(specialties):
        held[index % count].append(specialty)
    weights = {name: weight for name, weight in SPECIALTY_WEIGHTS if name in specialties}
    out: list[Therapist] = []
    for index in range(count):
        target = rng.choices((1, 2, 3), weights=(3, 5, 2))[0]
        extras = [s for s in specialties if s not in held[index]]
        while len(held[index]) < target and extras:
            pick = rng.choices(extras, weights=[weights[s] for s in extras])[0]
            held[index].append(pick)
            extras.remove(pick)
        does_deep = any(s in DEEP_SPECIALTIES for s in held[index])
        out.append(
            Therapist(
                id=f"t{index + 1:0{width}d}",
                name=names.person(rng),
                specialties=frozenset(held[index]),
                max_sessions_per_day=rng.choices((5, 6, 7), weights=(3, 5, 2))[0],
                max_minutes_per_week=(
                    rng.choice((1200, 1500, 1800)) if rng.random() < 0.3 else None
                ),
                max_deep_per_day=(
                    rng.choice((2, 3, 4)) if does_deep and rng.random() < 0.6 else None
                ),
            )
        )
    return out


def _days_off(rng: random.Random, part_time: bool) -> tuple[int, ...]:
    """Weekdays off (0 = Monday): two in a row for most, three for part-timers."""
    first = rng.randrange(7)
    count = 3 if part_time else 2
    if rng.random() < 0.75:
        return tuple((first + k) % 7 for k in range(count))
    return tuple(sorted(rng.sample(range(7), count)))


def make_shifts(
    rng: random.Random, therapists: Sequence[Therapist], settings: Settings
) -> list[Shift]:
    """Five-day rosters (four for part-timers) cut to the opening hours of each day."""
    shifts: list[Shift] = []
    for therapist in therapists:
        pattern = rng.choices(
            [p for p, _ in _PATTERN_WEIGHTS], weights=[w for _, w in _PATTERN_WEIGHTS]
        )[0]
        rotating = pattern in _ROTATING and rng.random() < 0.4
        days_off = _days_off(rng, pattern.startswith("part"))
        own: list[Shift] = []
        for day in range(settings.days):
            on = settings.day_date(day)
            if on.weekday() in days_off:
                continue
            today = pattern
            if rotating and (day // 7) % 2 == 1:
                today = _ROTATING[1 - _ROTATING.index(pattern)]
            own.extend(_cut_to_opening(settings, therapist.id, day, SHIFT_PATTERNS[today]))
        if not own:
            # A therapist on the books works at least once in the horizon (short horizons).
            own = _first_open_day_shift(settings, therapist.id)
        shifts.extend(own)
    return shifts


def _cut_to_opening(
    settings: Settings, therapist_id: str, day: int, pieces: tuple[tuple[int, int], ...]
) -> list[Shift]:
    opening = settings.opening(day)
    if opening is None:
        return []
    base = day * MINUTES_PER_DAY
    out = []
    for start, end in pieces:
        low, high = max(base + start, opening[0]), min(base + end, opening[1])
        if high - low >= MIN_SHIFT_MINUTES:
            out.append(Shift(therapist_id, low, high))
    if not out:
        # Sundays open late and close early: work the whole (short) opening instead.
        low, high = opening
        if high - low >= MIN_SHIFT_MINUTES:
            out.append(Shift(therapist_id, low, min(high, low + 8 * 60)))
    return out


def _first_open_day_shift(settings: Settings, therapist_id: str) -> list[Shift]:
    for day in range(settings.days):
        found = _cut_to_opening(settings, therapist_id, day, SHIFT_PATTERNS["early"])
        if found:
            return found
    return []
