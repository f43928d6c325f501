"""Contract-legal oddities of clients and courses, for the fuzz mode of the generator.

Same shape as :mod:`planner.generate.oddities`: ``(rng, scenario) -> scenario or None``. Windows
keep ``latest`` after ``earliest``, gaps keep the effective max at or above the min, and
``last_session_end`` never lies after the horizon start (the contract reads it as the end of a
session before this horizon).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import replace

from planner.generate.catalog import CONDITIONS
from planner.generate.oddities import pick
from planner.scenario.timeaxis import MINUTES_PER_DAY
from planner.scenario.types import (
    Availability,
    Condition,
    Contraindication,
    Course,
    Scenario,
    Strictness,
)

# A condition the shipped rules don't know, so the scenario's own rule for it is the only one.
FUZZ_CONDITION = "fuzz_condition"


def _courses(scenario: Scenario, courses: list[Course]) -> Scenario:
    return replace(scenario, courses=tuple(courses))


def _each_course(
    rng: random.Random,
    scenario: Scenario,
    share: float,
    change: Callable[[random.Random, Course], Course],
) -> Scenario | None:
    chosen = {c.id for c in pick(rng, scenario.courses, share)}
    if not chosen:
        return None
    return _courses(scenario, [change(rng, c) if c.id in chosen else c for c in scenario.courses])


def overlapping_availability(rng: random.Random, scenario: Scenario) -> Scenario | None:
    """Availability rows that overlap, nest or repeat, of both kinds (available, preferred)."""
    settings = scenario.settings
    booked = sorted({c.client_id for c in scenario.courses})
    added: list[Availability] = []
    for client_id in pick(rng, booked, 0.4):
        own = scenario.availability_by_client.get(client_id, ())
        if not own:
            # The regression case: an all-day row and a preferred row inside it, on some days.
            for day in pick(rng, range(settings.days), 0.6):
                base = day * MINUTES_PER_DAY
                added.append(Availability(client_id, base + 9 * 60, base + 21 * 60))
                added.append(Availability(client_id, base + 10 * 60, base + 20 * 60, True))
            continue
        for row in pick(rng, own, 0.5):
            base = row.start // MINUTES_PER_DAY * MINUTES_PER_DAY
            kind = rng.randrange(3)
            if kind == 0:  # the same row again, maybe of the other kind
                added.append(replace(row, preferred=rng.random() < 0.5))
            elif kind == 1 and row.end - row.start > 60:  # nested
                lo = rng.randrange(row.start, row.end - 45)
                added.append(Availability(client_id, lo, rng.randrange(lo + 30, row.end + 1), True))
            else:  # overlapping in part, within the day
                lo = max(base, row.start - rng.choice((30, 60, 125)))
                hi = min(base + MINUTES_PER_DAY, row.start + rng.choice((40, 90)))
                added.append(Availability(client_id, lo, hi, rng.random() < 0.5))
    if not added:
        return None
    return replace(scenario, availability=(*scenario.availability, *added))


def several_courses_per_client(rng: random.Random, scenario: Scenario) -> Scenario | None:
    """Some clients book two to four courses (one client, many sessions a week)."""
    if len(scenario.courses) < 2:
        return None
    courses = list(scenario.courses)
    for _ in range(max(1, len(courses) // 6)):
        target = rng.choice(courses).client_id
        for index in rng.sample(range(len(courses)), min(len(courses), rng.randint(1, 3))):
            courses[index] = replace(courses[index], client_id=target)
    return _courses(scenario, courses)


def daily_no_gap(rng: random.Random, scenario: Scenario) -> Scenario | None:
    """Courses with no recovery gap: one session a day (or several, where clients may)."""

    def change(rng: random.Random, c: Course) -> Course:
        high = rng.choice((None, 0.0, 24.0, 30.0))
        return replace(c, min_gap_hours=0.0, max_gap_hours=high, sessions=max(c.sessions, 3))

    return _each_course(rng, scenario, 0.4, change)


def fractional_gaps(rng: random.Random, scenario: Scenario) -> Scenario | None:
    """Gaps of fractional hours, and a max gap equal to the min gap (one exact distance)."""

    def change(rng: random.Random, c: Course) -> Course:
        low = rng.choice((0.5, 1.1, 12.0, 23.75, 36.5))
        high = rng.choice((None, low, low + 0.25, low + 2.0, low + 24.0))
        return replace(c, min_gap_hours=low, max_gap_hours=high)

    return _each_course(rng, scenario, 0.4, change)


def last_session_end_near(rng: random.Random, scenario: Scenario) -> Scenario | None:
    """A session just before the horizon (00:00 itself, minutes before it or the evening before),
    sometimes with a max gap that leaves session 1 a narrow window or none at all."""

    def change(rng: random.Random, c: Course) -> Course:
        end = -rng.choice((0, 5, 30, 60, 150, 4 * 60 + 10))
        low, high = c.min_gap_hours, c.max_gap_hours
        if rng.random() < 0.5:
            low = rng.choice((0.0, 1.0, 8.0, 24.0))
            high = low + rng.choice((0.5, 3.0, 10.0, 30.0))
        return replace(c, last_session_end=end, min_gap_hours=low, max_gap_hours=high)

    return _each_course(rng, scenario, 0.4, change)


def course_windows(rng: random.Random, scenario: Scenario) -> Scenario | None:
    """``earliest`` / ``latest`` off the grid, mid-day, or reaching beyond the horizon."""
    horizon = scenario.settings.horizon_minutes

    def change(rng: random.Random, c: Course) -> Course:
        earliest = rng.choice((None, -rng.randrange(1, 3000), rng.randrange(0, horizon - 60)))
        low = 0 if earliest is None else max(earliest, 0)
        latest = rng.choice((None, rng.randrange(low + 60, horizon + 3000)))
        return replace(c, earliest=earliest, latest=latest)

    return _each_course(rng, scenario, 0.4, change)


def preferred_therapists(rng: random.Random, scenario: Scenario) -> Scenario | None:
    """Preferred therapists, now and then one who lacks the treatment's specialty."""
    if not scenario.therapists:
        return None
    ids = [t.id for t in scenario.therapists]
    return _each_course(
        rng, scenario, 0.4, lambda rng, c: replace(c, preferred_therapist=rng.choice(ids))
    )


def long_courses(rng: random.Random, scenario: Scenario) -> Scenario | None:
    """More sessions than the horizon can hold, and assessments switched on or off."""

    def change(rng: random.Random, c: Course) -> Course:
        return replace(
            c, sessions=c.sessions + rng.randint(1, 4), needs_assessment=not c.needs_assessment
        )

    return _each_course(rng, scenario, 0.3, change)


def odd_conditions(rng: random.Random, scenario: Scenario) -> Scenario | None:
    """Conditions active on some days only (also from before the horizon), cleared or not, and
    a rule of the scenario's own for a condition the shipped rules don't name."""
    days = scenario.settings.days
    booked = list(scenario.courses)
    if not booked:
        return None
    names = [spec.name for spec in CONDITIONS]
    added: list[Condition] = []
    rules: list[Contraindication] = []
    for course in pick(rng, booked, 0.3):
        first = rng.randrange(-10, days)
        last = rng.randrange(max(first, -1), days + 5)
        name = FUZZ_CONDITION if rng.random() < 0.4 else rng.choice(names)
        added.append(Condition(course.client_id, name, first, last, rng.random() < 0.5))
        if name == FUZZ_CONDITION:
            treatment = rng.choice((course.treatment_id, "*"))
            rules.append(Contraindication(FUZZ_CONDITION, treatment, rng.choice(list(Strictness))))
    # One rule per (treatment, rule) is enough; the strictest of several matching rows wins.
    unique = tuple(dict.fromkeys(rules))
    known = set(scenario.contraindications)
    return replace(
        scenario,
        conditions=(*scenario.conditions, *added),
        contraindications=(*scenario.contraindications, *(r for r in unique if r not in known)),
    )


def odd_durations(rng: random.Random, scenario: Scenario) -> Scenario | None:
    """Treatment durations off the usual quarter hours (5, 25, 37, 50, 95 or 130 minutes)."""
    changed = {t.id for t in pick(rng, scenario.treatments, 0.5)}
    treatments = tuple(
        replace(t, duration=rng.choice((5, 25, 37, 50, 95, 130))) if t.id in changed else t
        for t in scenario.treatments
    )
    return replace(scenario, treatments=treatments)


def unservable_courses(rng: random.Random, scenario: Scenario) -> Scenario | None:
    """Courses of a treatment no therapist can give, and of one no room is equipped for
    (the loader warns; every such session stays unscheduled)."""
    clients = [c.id for c in scenario.clients]
    if not clients or not scenario.treatments:
        return None
    unstaffed = replace(scenario.treatments[0], id="fuzz_unstaffed", specialty="fuzz_specialty")
    unequipped = replace(
        scenario.treatments[0], id="fuzz_unequipped", equipment=frozenset({"fuzz_device"})
    )
    courses = list(scenario.courses)
    for number, treatment in enumerate((unstaffed, unequipped)):
        course = Course(f"fuzz_course{number + 1}", rng.choice(clients), treatment.id, 2, 5)
        courses.insert(rng.randrange(len(courses) + 1), course)
    return replace(
        scenario,
        treatments=(*scenario.treatments, unstaffed, unequipped),
        courses=tuple(courses),
    )


def availability_beyond_opening(rng: random.Random, scenario: Scenario) -> Scenario | None:
    """Availability rows reaching before the spa opens or after it closes, some on closed days."""
    added: list[Availability] = []
    settings = scenario.settings
    for client_id in pick(rng, sorted({c.client_id for c in scenario.courses}), 0.3):
        day = rng.randrange(settings.days)
        base = day * MINUTES_PER_DAY
        added.append(
            Availability(
                client_id,
                base + rng.choice((0, 6 * 60, 7 * 60 + 50)),
                base + rng.choice((10 * 60, 22 * 60, MINUTES_PER_DAY)),
            )
        )
    if not added:
        return None
    return replace(scenario, availability=(*scenario.availability, *added))
