"""Valid pins for fuzzed scenarios, placed after every other oddity.

Pins are cut from a *witness*: a partial plan, built session by session at random, that the
independent checker accepts as a whole. Each pinned course's witness sessions are a prefix 1..k,
so the witness is a valid plan and the pinned scenario is never infeasible. Usually the whole
prefix is pinned; sometimes only its last session, so that a plan must fit the unpinned earlier
sessions around a later pinned one.
"""

from __future__ import annotations

import random
from dataclasses import replace

from planner.check import check_sessions
from planner.generate.oddities import pick
from planner.plan import PlannedSession
from planner.scenario.timeaxis import MINUTES_PER_DAY
from planner.scenario.types import Course, Pin, Scenario, Shift

TRIES_PER_SESSION = 40


def _window(scenario: Scenario, course: Course, shift: Shift) -> tuple[int, int] | None:
    """Where a session of ``course`` may lie in ``shift``: opening hours and course window."""
    day = shift.start // MINUTES_PER_DAY
    hours = scenario.settings.opening(day)
    if hours is None:
        return None
    low, high = scenario.course_window(course)
    lo, hi = max(shift.start, hours[0], low), min(shift.end, hours[1], high)
    return (lo, hi) if lo < hi else None


def _candidate(
    rng: random.Random,
    scenario: Scenario,
    course: Course,
    session: int,
    previous_end: int | None,
) -> PlannedSession | None:
    """A random (therapist, room, start) for the session that keeps its own unary rules."""
    treatment = scenario.treatment_of(course)
    able = [t for t in scenario.therapists if treatment.specialty in t.specialties]
    rooms = [r for r in scenario.rooms if treatment.equipment <= r.equipment]
    if not able or not rooms:
        return None
    therapist = rng.choice(able)
    length = scenario.session_length(course, session)
    low_gap, high_gap = scenario.gap_minutes(course)
    shifts = [
        x
        for x in scenario.shifts_by_therapist.get(therapist.id, ())
        if previous_end is None
        or (
            x.end >= previous_end + low_gap + length
            and (high_gap is None or x.start <= previous_end + high_gap)
        )
    ]
    if not shifts:
        return None
    shift = rng.choice(shifts)
    window = _window(scenario, course, shift)
    if window is None:
        return None
    lo, hi = window
    rows = scenario.availability_by_client.get(course.client_id)
    if rows:
        row = rng.choice(rows)
        lo, hi = max(lo, row.start), min(hi, row.end)
    if previous_end is not None:
        lo = max(lo, previous_end + low_gap)
        if high_gap is not None:
            hi = min(hi, previous_end + high_gap + length)
    slot = scenario.settings.slot_minutes
    base = shift.start // MINUTES_PER_DAY * MINUTES_PER_DAY
    first = base + -(-(lo - base) // slot) * slot
    if first + length > hi:
        return None
    start = first + slot * rng.randrange((hi - length - first) // slot + 1)
    return PlannedSession(
        course.id,
        session,
        course.client_id,
        course.treatment_id,
        therapist.id,
        rng.choice(rooms).id,
        start,
        start + length,
    )


def _chain(
    rng: random.Random, scenario: Scenario, course: Course, witness: list[PlannedSession]
) -> list[PlannedSession]:
    """Sessions 1..k of ``course`` (k at most 3) that keep every rule with ``witness``."""
    wanted = min(course.sessions, rng.choice((1, 2, 2, 3)))
    chain: list[PlannedSession] = []
    for session in range(1, wanted + 1):
        previous = chain[-1].end if chain else course.last_session_end
        for _ in range(TRIES_PER_SESSION):
            found = _candidate(rng, scenario, course, session, previous)
            if found is not None and not check_sessions(
                scenario, [*witness, *chain, found], partial=True
            ):
                chain.append(found)
                break
        else:
            break
    return chain


def place_pins(rng: random.Random, scenario: Scenario, share: float = 0.25) -> Scenario:
    """``scenario`` with pins on about ``share`` of its courses (its own pins are replaced).

    Pins keep the order they are placed in, which is their order in a written ``pinned.csv``.
    """
    scenario = replace(scenario, pins=())
    witness: list[PlannedSession] = []
    pinned: list[PlannedSession] = []
    for course in pick(rng, scenario.courses, share):
        chain = _chain(rng, scenario, course, witness)
        if not chain:
            continue
        witness += chain
        if len(chain) >= 2 and rng.random() < 0.5:
            pinned.append(chain[-1])
        else:
            pinned += chain
    pins = tuple(Pin(s.course_id, s.session, s.therapist_id, s.room_id, s.start) for s in pinned)
    return replace(scenario, pins=pins)
