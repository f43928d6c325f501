"""Physiotherapy-ward scenarios: identical therapists, daily courses, mixed short sessions.

The class of a published hospital case: a few identical physiotherapists, each working the same
480-minute day (08:00-16:00, Monday to Friday); every patient has one course of one session per
working day (at least 12 h apart, at most one a day) of 10 to 80 minutes on a 5-minute grid;
demand is about twice what the therapists can give. Which sessions to leave out is a knapsack per
therapist-day, with every therapist interchangeable: hard for a model without capacity
reasoning, and the opposite of a city spa's many specialties and rooms.

Rooms: by default as many treatment rooms as therapists, so rooms never bind (a room is busy
exactly as long as its therapist, turnover included); pass fewer ``rooms`` to make them a real
limit. Everything is drawn from one ``random.Random(seed)``.
"""

from __future__ import annotations

import random
from datetime import date

from planner.generate.names import NamePool
from planner.scenario.timeaxis import MINUTES_PER_DAY
from planner.scenario.types import (
    Client,
    Contraindication,
    Course,
    Room,
    Scenario,
    Settings,
    Shift,
    Therapist,
    Treatment,
)

WARD_START = date(2026, 12, 7)  # a Monday
DAY_HOURS = (8 * 60, 16 * 60)  # every therapist's 480-minute day
SHORTEST, LONGEST, GRID = 10, 80, 5
SPECIALTY = "physiotherapy"
EQUIPMENT = frozenset({"plinth"})
GAP_HOURS = 12.0


def _settings(start: date, days: int, turnover: int, seed: int) -> Settings:
    weekdays = (DAY_HOURS,) * 5 + (None, None)
    return Settings(
        start=start,
        name=f"Physiotherapy ward, {days} days from {start.isoformat()} (generated, seed {seed})",
        days=days,
        slot_minutes=GRID,
        turnover_minutes=turnover,
        assessment_minutes=0,
        client_max_sessions_per_day=1,
        opening_hours=weekdays,
    )


def _durations(rng: random.Random, patients: int, sessions: int, target: int) -> list[int]:
    """Session lengths per patient on the grid whose demand (x ``sessions``) is near ``target``."""
    mean = target / (patients * sessions)
    mode = min(LONGEST, max(SHORTEST, 3 * mean - SHORTEST - LONGEST))
    durations = [
        min(LONGEST, max(SHORTEST, GRID * round(rng.triangular(SHORTEST, LONGEST, mode) / GRID)))
        for _ in range(patients)
    ]
    # Single grid steps towards the target, on random patients, until within one step a session.
    for _ in range(100 * patients):
        gap = target - sessions * sum(durations)
        if abs(gap) <= GRID * sessions // 2:
            break
        index = rng.randrange(patients)
        step = GRID if gap > 0 else -GRID
        if SHORTEST <= durations[index] + step <= LONGEST:
            durations[index] += step
    return durations


def build_ward(
    *,
    patients: int = 90,
    therapists: int = 4,
    seed: int = 0,
    demand: float = 1.9,
    rooms: int | None = None,
    turnover: int = 0,
    days: int = 7,
    start: date | None = None,
) -> Scenario:
    """A physiotherapy ward scenario in memory (see the module).

    Parameters
    ----------
    patients, therapists
        Patients (one course each) and identical therapists, each at least 1.
    seed
        Seed of the one random generator used.
    demand
        Demanded treatment minutes (turnover excluded) as a multiple of all therapists' shift
        minutes; reachable only between 10 and 80 minutes a session on average.
    rooms
        Treatment rooms (all alike); None gives one per therapist, so rooms never bind.
    turnover
        Minutes between two sessions of a therapist or a room.
    days
        Horizon length from ``start``; the ward works Monday to Friday.
    start
        First day of the horizon (default 2026-12-07, a Monday).

    Raises
    ------
    ValueError
        If a count is below 1 or ``demand`` can't be reached with 10-80 minute sessions.
    """
    _check_counts(patients=patients, therapists=therapists, days=days, rooms=rooms or 1)
    rng = random.Random(seed)
    settings = _settings(start or WARD_START, days, turnover, seed)
    open_days = [d for d in range(days) if settings.opening(d) is not None]
    if not open_days:
        raise ValueError("the horizon holds no working day (Monday to Friday)")
    sessions = len(open_days)
    target = _demanded_minutes(demand, therapists, patients, sessions)
    names = NamePool()
    staff = _staff(rng, names, therapists)
    durations = _durations(rng, patients, sessions, target)
    clients, courses = _patients(rng, names, durations, sessions)
    return Scenario(
        settings=settings,
        therapists=staff,
        shifts=_shifts(staff, open_days),
        rooms=_rooms(therapists if rooms is None else rooms),
        treatments=_treatments(durations),
        clients=clients,
        courses=courses,
        contraindications=_shipped_rules(),
    )


def _demanded_minutes(demand: float, therapists: int, patients: int, sessions: int) -> int:
    """The treatment minutes ``demand`` asks for over ``sessions`` working days.

    Raises
    ------
    ValueError
        If sessions of 10-80 minutes can't add up to them.
    """
    target = round(demand * therapists * (DAY_HOURS[1] - DAY_HOURS[0]) * sessions)
    if not SHORTEST * patients * sessions <= target <= LONGEST * patients * sessions:
        raise ValueError(
            f"demand {demand:g} x capacity needs {target / (patients * sessions):.1f} minutes a "
            f"session on average; expected {SHORTEST} to {LONGEST} (change patients or demand)"
        )
    return target


def _staff(rng: random.Random, names: NamePool, count: int) -> tuple[Therapist, ...]:
    """``count`` identical physiotherapists, named from ``rng``; a daily limit of 48 sessions
    leaves the day's hours to bind."""
    return tuple(
        Therapist(f"pt{i + 1}", names.person(rng), frozenset({SPECIALTY}), 48) for i in range(count)
    )


def _shifts(staff: tuple[Therapist, ...], open_days: list[int]) -> tuple[Shift, ...]:
    """Every therapist works the ward's day hours on every working day."""
    return tuple(
        Shift(t.id, d * MINUTES_PER_DAY + DAY_HOURS[0], d * MINUTES_PER_DAY + DAY_HOURS[1])
        for t in staff
        for d in open_days
    )


def _rooms(count: int) -> tuple[Room, ...]:
    """``count`` treatment rooms, all equipped alike."""
    return tuple(Room(f"room{i + 1}", f"Treatment room {i + 1}", EQUIPMENT) for i in range(count))


def _treatments(durations: list[int]) -> tuple[Treatment, ...]:
    """One physiotherapy treatment per session length in use, shortest first."""
    return tuple(
        Treatment(
            f"physio_{d:02d}",
            f"Physiotherapy, {d} min",
            SPECIALTY,
            d,
            EQUIPMENT,
            min_gap_hours=GAP_HOURS,
        )
        for d in sorted(set(durations))
    )


def _check_counts(**counts: int) -> None:
    for name, value in counts.items():
        if value < 1:
            raise ValueError(f"{name} must be at least 1, got {value}")


def _patients(
    rng: random.Random, names: NamePool, durations: list[int], sessions: int
) -> tuple[tuple[Client, ...], tuple[Course, ...]]:
    """One client and one daily course (``sessions`` sessions, priority 1-5) per duration."""
    width = len(str(len(durations)))
    clients = tuple(Client(f"p{i + 1:0{width}d}", names.person(rng)) for i in range(len(durations)))
    courses = tuple(
        Course(f"rehab{i + 1:0{width}d}", client.id, f"physio_{durations[i]:02d}", sessions,
               priority=rng.randint(1, 5), needs_assessment=False)
        for i, client in enumerate(clients)
    )  # fmt: skip
    return clients, courses


def _shipped_rules() -> tuple[Contraindication, ...]:
    from planner.generate import default_contraindications  # the package imports this module

    return default_contraindications()


def ward_demand(scenario: Scenario) -> float:
    """Demanded treatment minutes as a multiple of all shift minutes (turnover excluded)."""
    demanded = sum(c.sessions * scenario.treatment_of(c).duration for c in scenario.courses)
    return demanded / sum(s.end - s.start for s in scenario.shifts)
