"""Realistic scenario folders for a city day spa, of any size, reproducible from a seed.

>>> from pathlib import Path
>>> folder = generate_scenario(Path("week"), therapists=6, rooms=4, courses=None, days=7,
...                            seed=0, tightness=0.7)  # doctest: +SKIP

Everything is drawn from one ``random.Random(seed)`` in a fixed order, so the same arguments
always give byte-identical files.
"""

from __future__ import annotations

import math
import random
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

from planner.generate.booked_pins import make_pins
from planner.generate.catalog import TREATMENTS
from planner.generate.clients import make_availability, make_clients, make_conditions
from planner.generate.courses import CourseDraft, assign_clients, draft_courses, make_course
from planner.generate.names import NamePool
from planner.generate.rooms import make_closures, make_rooms
from planner.generate.staff import make_shifts, make_therapists, offered_specialties
from planner.generate.writer import OutputExistsError, generated_files, write_folder
from planner.scenario.csvread import Problems
from planner.scenario.load import shipped_contraindications
from planner.scenario.types import (
    DEFAULT_OPENING,
    Availability,
    Client,
    Condition,
    Contraindication,
    Course,
    Scenario,
    Settings,
    Therapist,
)

__all__ = [
    "DEFAULT_START",
    "OutputExistsError",
    "build_scenario",
    "build_ward",
    "default_contraindications",
    "fuzz_scenario",
    "generate_scenario",
    "generated_files",
    "write_folder",
]

DEFAULT_START = date(2026, 12, 7)  # a Monday in the run-up to the holidays
SUNDAY_HOURS = (10 * 60, 18 * 60)
HOLIDAYS = ((12, 25), (1, 1))  # the spa closes on Christmas Day and New Year's Day
MAX_TIGHTNESS = 1.5


def default_contraindications() -> tuple[Contraindication, ...]:
    """The contraindication rules the project ships (``planner/scenario/data``)."""
    return tuple(shipped_contraindications(Settings(start=DEFAULT_START), Problems()))


def _settings(start: date, days: int, seed: int) -> Settings:
    end = start + timedelta(days=days - 1)
    closed = frozenset(
        date(year, month, day)
        for year in range(start.year, end.year + 1)
        for month, day in HOLIDAYS
        if start <= date(year, month, day) <= end
    )
    return Settings(
        start=start,
        name=f"City day spa, {days} days from {start.isoformat()} (generated, seed {seed})",
        days=days,
        opening_hours=(DEFAULT_OPENING,) * 6 + (SUNDAY_HOURS,),
        closed_dates=closed,
    )


def _validate(
    therapists: int, rooms: int, courses: int | None, days: int, tightness: float
) -> None:
    for name, value in (("therapists", therapists), ("rooms", rooms), ("days", days)):
        if value < 1:
            raise ValueError(f"{name} must be at least 1, got {value}")
    if courses is not None and courses < 1:
        raise ValueError(f"courses must be at least 1, got {courses}")
    if not 0 < tightness <= MAX_TIGHTNESS:
        raise ValueError(f"tightness must lie in (0, {MAX_TIGHTNESS}], got {tightness}")


def _in_file_order(scenario: Scenario) -> Scenario:
    """Rows in the order the generated folder lists them, so that the scenario in memory is the
    one a loader reads back from the folder (and the folder reads like a roster)."""
    return replace(
        scenario,
        shifts=tuple(sorted(scenario.shifts, key=lambda s: (s.therapist_id, s.start, s.end))),
        room_closures=tuple(
            sorted(scenario.room_closures, key=lambda c: (c.room_id, c.start, c.end))
        ),
        availability=tuple(
            sorted(scenario.availability, key=lambda a: (a.client_id, a.start, a.end))
        ),
        pins=tuple(sorted(scenario.pins, key=lambda p: (p.start, p.therapist_id, p.course_id))),
    )


def _clientele(
    rng: random.Random,
    drafts: list[CourseDraft],
    settings: Settings,
    staff: list[Therapist],
    names: NamePool,
) -> tuple[list[Client], list[Course], list[Condition], list[Availability]]:
    """The clients of the drafted courses, the courses themselves, the clients' health
    conditions and when they can come (drawn from ``rng`` in this order)."""
    client_count = assign_clients(rng, drafts)
    prenatal = {d.client for d in drafts if d.treatment.id == "prenatal_massage"}
    clients = make_clients(rng, client_count, prenatal, names)
    width = max(3, len(str(len(drafts))))
    course_list = [
        make_course(rng, f"co{i + 1:0{width}d}", clients[d.client].id, d, settings, staff)
        for i, d in enumerate(drafts)
    ]
    pregnant = {clients[i].id for i in prenatal}
    conditions = make_conditions(rng, clients, pregnant, names.female, settings)
    return clients, course_list, conditions, make_availability(rng, clients, settings)


def build_scenario(
    *,
    therapists: int,
    rooms: int,
    courses: int | None,
    days: int,
    seed: int,
    tightness: float,
    start: date | None = None,
) -> Scenario:
    """A generated spa scenario in memory (effective contraindications = shipped defaults).

    Parameters
    ----------
    therapists, rooms, days
        Sizes of the spa and horizon, each at least 1.
    courses
        Number of courses; None chooses it so that demand meets ``tightness``.
    seed
        Seed of the one random generator used.
    tightness
        Demanded treatment minutes as a share of all therapists' shift minutes, in (0, 1.5].
    start
        First day of the horizon (default 2026-12-07, a Monday).
    """
    _validate(therapists, rooms, courses, days, tightness)
    rng = random.Random(seed)
    settings = _settings(start or DEFAULT_START, days, seed)
    names = NamePool()

    specialties = offered_specialties(rng, therapists)
    staff = make_therapists(rng, therapists, specialties, names)
    shifts = make_shifts(rng, staff, settings)
    offered = [t for t in TREATMENTS if t.specialty in specialties]
    spa_rooms = make_rooms(rng, rooms, offered)
    closures = make_closures(rng, spa_rooms, settings)

    shift_minutes = sum(s.end - s.start for s in shifts)
    holders = {name: sum(name in t.specialties for t in staff) for name in specialties}
    target = math.ceil(tightness * shift_minutes)
    drafts = draft_courses(rng, offered, settings, target, courses, holders)
    clients, course_list, conditions, availability = _clientele(rng, drafts, settings, staff, names)
    scenario = Scenario(
        settings=settings,
        therapists=tuple(staff),
        shifts=tuple(shifts),
        rooms=tuple(spa_rooms),
        treatments=tuple(t.as_treatment() for t in offered),
        clients=tuple(clients),
        courses=tuple(course_list),
        room_closures=tuple(closures),
        conditions=tuple(conditions),
        availability=tuple(availability),
        contraindications=default_contraindications(),
    )
    return _in_file_order(replace(scenario, pins=tuple(make_pins(rng, scenario))))


def generate_scenario(
    out: Path,
    *,
    therapists: int,
    rooms: int,
    courses: int | None,
    days: int,
    seed: int,
    tightness: float,
    start: date | None = None,
    overwrite: bool = False,
) -> Path:
    """Generate a scenario (see :func:`build_scenario`) and write it as folder ``out``.

    The folder appears all at once: files are written to a hidden folder next to ``out`` and
    moved into place.

    Returns
    -------
    Path
        The folder written.

    Raises
    ------
    OutputExistsError
        If ``out`` holds files and ``overwrite`` is False.
    ValueError
        If a size is below 1 or ``tightness`` lies outside (0, 1.5].
    """
    scenario = build_scenario(
        therapists=therapists,
        rooms=rooms,
        courses=courses,
        days=days,
        seed=seed,
        tightness=tightness,
        start=start,
    )
    return write_folder(Path(out), generated_files(scenario), overwrite=overwrite)


# Last: both modules call build_scenario / default_contraindications of this package.
from planner.generate.fuzz import fuzz_scenario  # noqa: E402
from planner.generate.ward import build_ward  # noqa: E402
