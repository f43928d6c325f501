"""Fuzz mode of the generator: a generated spa plus randomly chosen contract-legal oddities.

The project's own generator writes realistic weeks; real folders also hold what it never makes:
nested, duplicate, touching and overlapping shift rows, shifts reaching past the opening hours,
closed dates on which staff still have shifts, horizons that start mid-week under weekly minute
limits, 5- to 30-minute grids, no turnover, no assessment, sessions that ended minutes before the
horizon, course windows, overlapping availability rows, identical therapists, daily courses
without a gap, clients with several courses, pins. :func:`fuzz_scenario` draws a small or medium
spa from :func:`planner.generate.build_scenario`, applies a random subset of
:data:`ODDITY_GROUPS` and pins some sessions, all from one seed:

>>> scenario, oddities = fuzz_scenario(7, sessions_hint=30)  # doctest: +SKIP

The result stays legal under the contract (``planner validate`` accepts the written folder with
no warning) and equals itself written with
:func:`planner.scenario.write.write_scenario_folder` and loaded again.
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, timedelta

from planner.generate import oddities as od
from planner.generate import oddities_courses as oc
from planner.generate.fuzz_pins import place_pins
from planner.scenario.types import Scenario

# Each group is a list of alternatives (name, oddity); a chosen group applies one of them.
ODDITY_GROUPS: tuple[tuple[tuple[str, od.Oddity], ...], ...] = (
    tuple((f"grid_{slot}", od.grid(slot)) for slot in (5, 10, 20, 25, 30)),
    (("zero_turnover", od.zero_turnover), ("long_turnover", od.long_turnover)),
    (("zero_assessment", od.zero_assessment), ("odd_assessment", od.odd_assessment)),
    (("clients_twice_a_day", od.clients_twice_a_day),),
    (("odd_weights", od.odd_weights),),
    (
        ("closed_date_with_shifts", od.closed_date_with_shifts),
        ("short_opening", od.short_opening),
        ("midnight", od.midnight),
    ),
    (("weekly_minute_limits", od.weekly_minute_limits),),
    (("tight_limits", od.tight_limits),),
    (("identical_therapists", od.identical_therapists),),
    (("nested_shifts", od.nested_shifts),),
    (("duplicate_shifts", od.duplicate_shifts),),
    (("touching_shifts", od.touching_shifts),),
    (("overlapping_shifts", od.overlapping_shifts),),
    (("split_shifts", od.split_shifts),),
    (("shifts_beyond_opening", od.shifts_beyond_opening),),
    (("off_grid_shift_edges", od.off_grid_shift_edges),),
    (("odd_closures", od.odd_closures),),
    (("overlapping_availability", oc.overlapping_availability),),
    (("several_courses_per_client", oc.several_courses_per_client),),
    (("daily_no_gap", oc.daily_no_gap), ("fractional_gaps", oc.fractional_gaps)),
    (("last_session_end_near", oc.last_session_end_near),),
    (("course_windows", oc.course_windows),),
    (("preferred_therapists", oc.preferred_therapists),),
    (("long_courses", oc.long_courses),),
    (("odd_conditions", oc.odd_conditions),),
    (("odd_durations", oc.odd_durations),),
    (("unservable_courses", oc.unservable_courses),),
    (("availability_beyond_opening", oc.availability_beyond_opening),),
)
# Chosen before the spa is generated, so they are not in ODDITY_GROUPS.
BASE_ODDITIES = ("mid_week_start", "multi_week")
ODDITY_NAMES: tuple[str, ...] = (
    *BASE_ODDITIES,
    *(name for group in ODDITY_GROUPS for name, _ in group),
    "pins",
)

GROUP_SHARE = 0.3  # chance that each group applies
MIN_GROUPS = 2
PIN_SHARE = 0.6  # chance that the scenario gets pins
MONDAY = date(2026, 12, 7)
# A Monday whose next three weeks hold Christmas Day and New Year's Day (closed dates).
HOLIDAY_MONDAY = date(2026, 12, 21)
AVERAGE_SESSION_MINUTES = 62
SHIFT_MINUTES_PER_DAY = 340  # a therapist's shift minutes per horizon day, days off included


def _base(rng: random.Random, sessions_hint: int) -> tuple[Scenario, list[str]]:
    """A generated spa sized to give about ``sessions_hint`` sessions, and the base oddities."""
    applied: list[str] = []
    days = rng.choice((1, 2, 3, 4, 5, 7, 7))
    start = MONDAY
    if sessions_hint >= 20 and rng.random() < 0.2:
        days, start = rng.choice((14, 21)), HOLIDAY_MONDAY
        applied.append("multi_week")
    if rng.random() < 0.35:
        start += timedelta(days=rng.randint(1, 6))
        applied.append("mid_week_start")
    tightness = rng.uniform(0.4, 1.4)
    per_therapist = tightness * SHIFT_MINUTES_PER_DAY * days / AVERAGE_SESSION_MINUTES
    therapists = max(1, min(60, round(sessions_hint / per_therapist)))
    rooms = max(1, round(therapists * rng.uniform(0.4, 1.0)))
    scenario = _generated(therapists, rooms, days, rng.randrange(2**31), tightness, start)
    return replace(scenario, pins=()), applied


def _generated(
    therapists: int, rooms: int, days: int, seed: int, tightness: float, start: date
) -> Scenario:
    """:func:`planner.generate.build_scenario` with demand from ``tightness``."""
    from planner.generate import build_scenario  # the package imports this module

    return build_scenario(
        therapists=therapists,
        rooms=rooms,
        courses=None,
        days=days,
        seed=seed,
        tightness=tightness,
        start=start,
    )


def trim(scenario: Scenario, sessions: int) -> Scenario:
    """The scenario's first courses up to ``sessions`` sessions in all (the last one cut)."""
    kept = []
    total = 0
    for course in scenario.courses:
        room = sessions - total
        if room <= 0:
            break
        kept.append(course if course.sessions <= room else replace(course, sessions=room))
        total += kept[-1].sessions
    return replace(scenario, courses=tuple(kept))


def _groups(rng: random.Random) -> list[int]:
    chosen = [i for i in range(len(ODDITY_GROUPS)) if rng.random() < GROUP_SHARE]
    while len(chosen) < MIN_GROUPS:
        extra = rng.randrange(len(ODDITY_GROUPS))
        if extra not in chosen:
            chosen.append(extra)
    return sorted(chosen)


def fuzz_scenario(seed: int, *, sessions_hint: int = 30) -> tuple[Scenario, tuple[str, ...]]:
    """A contract-legal spa with random oddities, the same for the same seed and hint.

    Parameters
    ----------
    seed
        Seed of the one random generator used.
    sessions_hint
        Most sessions the scenario asks for (at least 1); it asks for somewhat fewer where the
        drawn spa has less demand.

    Returns
    -------
    tuple[Scenario, tuple[str, ...]]
        The scenario and the names of the oddities applied (from :data:`ODDITY_NAMES`), in the
        order they were applied.
    """
    if sessions_hint < 1:
        raise ValueError(f"sessions_hint must be at least 1, got {sessions_hint}")
    rng = random.Random(seed)
    scenario, applied = _base(rng, sessions_hint)
    for index in _groups(rng):
        name, oddity = rng.choice(ODDITY_GROUPS[index])
        changed = oddity(rng, scenario)
        if changed is not None:
            scenario = changed
            applied.append(name)
    scenario = trim(scenario, sessions_hint)
    if rng.random() < PIN_SHARE:
        scenario = place_pins(rng, scenario)
        if scenario.pins:
            applied.append("pins")
    name = f"Fuzzed spa (seed {seed}, at most {sessions_hint} sessions): {', '.join(applied)}"
    return replace(scenario, settings=replace(scenario.settings, name=name)), tuple(applied)
