"""Checks across files: references between ids, gaps after defaults, pin numbers.

Hard references (a course's client and treatment, a shift's therapist, ...) must exist; the two
soft ones of the contract (a course's preferred therapist, a contraindication's treatment) only
warn. References into a file that could not be read at all are not checked: that file already
has its own error, and repeating it for every row that points into it would hide it.

Whether pinned sessions keep the hard rules is the referee's question: see
:mod:`planner.check.pins`, which finishes the loading of a scenario.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TypeVar

from planner.scenario.csvread import Problems, Table, TableSpec
from planner.scenario.hints import did_you_mean
from planner.scenario.rows import (
    AVAILABILITY,
    CLIENTS,
    CONDITIONS,
    CONTRAINDICATIONS,
    COURSES,
    PINNED,
    ROOM_CLOSURES,
    ROOMS,
    SHIFTS,
    THERAPISTS,
    TREATMENTS,
    Loaded,
)
from planner.scenario.types import (
    Availability,
    Client,
    Condition,
    Contraindication,
    Course,
    Pin,
    Room,
    RoomClosure,
    Shift,
    Therapist,
    Treatment,
)

T = TypeVar("T")

# Hard references: (file, column) must name an id of (target file, its id column).
HARD_REFERENCES: tuple[tuple[TableSpec, str, TableSpec], ...] = (
    (SHIFTS, "therapist_id", THERAPISTS),
    (ROOM_CLOSURES, "room_id", ROOMS),
    (CONDITIONS, "client_id", CLIENTS),
    (AVAILABILITY, "client_id", CLIENTS),
    (COURSES, "client_id", CLIENTS),
    (COURSES, "treatment_id", TREATMENTS),
    (PINNED, "course_id", COURSES),
    (PINNED, "therapist_id", THERAPISTS),
    (PINNED, "room_id", ROOMS),
)


@dataclass
class Parts:
    """Every file's objects, before the cross-file checks; ``tables`` tell which files were read."""

    tables: dict[str, Table]
    therapists: list[Loaded[Therapist]]
    shifts: list[Loaded[Shift]]
    rooms: list[Loaded[Room]]
    room_closures: list[Loaded[RoomClosure]]
    treatments: list[Loaded[Treatment]]
    clients: list[Loaded[Client]]
    conditions: list[Loaded[Condition]]
    availability: list[Loaded[Availability]]
    contraindications: list[Loaded[Contraindication]]
    courses: list[Loaded[Course]]
    pins: list[Loaded[Pin]]


def _ids(parts: Parts, spec: TableSpec) -> set[str] | None:
    """Ids in ``spec``'s file (also of rows with other errors, so that each problem is told
    once), or None when the file could not be read (references into it are not checked)."""
    table = parts.tables[spec.file]
    column = spec.required[0]
    return {row.get(column) for row in table.rows} - {""} if table.usable else None


def check_references(parts: Parts, problems: Problems) -> None:
    """Hard references must exist (errors); unknown soft references warn.

    Reads the rows' text, so a reference is checked even in a row with other errors.
    """
    for spec, column, target in HARD_REFERENCES:
        known = _ids(parts, target)
        if known is None:
            continue
        for row in parts.tables[spec.file].rows:
            value = row.get(column)
            if value and value not in known:
                problems.error(
                    spec.file,
                    row.number,
                    column,
                    f"unknown id {value!r}{did_you_mean(value, known)}; expected an id from "
                    f"{target.file}",
                )
    _soft_references(parts, problems, _ids(parts, THERAPISTS), _ids(parts, TREATMENTS))


def _soft_references(
    parts: Parts,
    problems: Problems,
    therapist_ids: set[str] | None,
    treatment_ids: set[str] | None,
) -> None:
    """Unknown soft references warn: the preference is dropped, the rule kept (harmless)."""
    courses = []
    for entry in parts.courses:
        wanted = entry.item.preferred_therapist
        if wanted is not None and therapist_ids is not None and wanted not in therapist_ids:
            problems.warn(
                COURSES.file,
                entry.row,
                "preferred_therapist",
                f"unknown therapist {wanted!r}{did_you_mean(wanted, therapist_ids)}; the "
                "preference is ignored",
            )
            entry = Loaded(entry.row, replace(entry.item, preferred_therapist=None))
        courses.append(entry)
    parts.courses = courses
    for rule in parts.contraindications:
        treatment_id = rule.item.treatment_id
        if treatment_id != "*" and treatment_ids is not None and treatment_id not in treatment_ids:
            problems.warn(
                CONTRAINDICATIONS.file,
                rule.row,
                "treatment_id",
                f"unknown treatment {treatment_id!r}{did_you_mean(treatment_id, treatment_ids)}; "
                "the rule has no effect in this scenario",
            )


def check_courses(parts: Parts, problems: Problems) -> None:
    """A course's effective max gap (after the treatment's defaults) may not be below its min."""
    treatments = {entry.item.id: entry.item for entry in parts.treatments}
    kept = []
    for entry in parts.courses:
        course = entry.item
        treatment = treatments.get(course.treatment_id)
        if treatment is not None:
            low = treatment.min_gap_hours if course.min_gap_hours is None else course.min_gap_hours
            high = treatment.max_gap_hours if course.max_gap_hours is None else course.max_gap_hours
            if high is not None and high < low:
                column = "max_gap_hours" if course.max_gap_hours is not None else "min_gap_hours"
                problems.error(
                    COURSES.file,
                    entry.row,
                    column,
                    f"the max gap ({high:g} h) is below the min gap ({low:g} h) once the "
                    f"treatment's defaults apply; expected max_gap_hours >= min_gap_hours",
                )
                continue
        kept.append(entry)
    parts.courses = kept


def check_pins(parts: Parts, problems: Problems) -> None:
    """A pin's session number lies in 1..sessions, and each (course, session) is pinned once."""
    courses = {entry.item.id: entry.item for entry in parts.courses}
    seen: dict[tuple[str, int], int] = {}
    kept = []
    for entry in parts.pins:
        pin = entry.item
        course = courses.get(pin.course_id)
        key = (pin.course_id, pin.session)
        if course is not None and pin.session > course.sessions:
            problems.error(
                PINNED.file,
                entry.row,
                "session",
                f"expected a session number from 1 to {course.sessions} "
                f"(course {pin.course_id!r} has {course.sessions}), got {pin.session}",
            )
        elif key in seen:
            problems.error(
                PINNED.file,
                entry.row,
                "session",
                f"session {pin.session} of course {pin.course_id!r} is already pinned in row "
                f"{seen[key]}; expected each session pinned once",
            )
        else:
            seen[key] = entry.row
            kept.append(entry)
    parts.pins = kept


def warn_unusable_treatments(parts: Parts, problems: Problems) -> None:
    """Treatments no therapist can give or no room can hold: their courses can't be planned."""
    check_staff = parts.tables[THERAPISTS.file].usable
    check_rooms = parts.tables[ROOMS.file].usable
    skills = set().union(*(entry.item.specialties for entry in parts.therapists))
    for entry in parts.treatments:
        treatment = entry.item
        if check_staff and treatment.specialty not in skills:
            problems.warn(
                TREATMENTS.file,
                entry.row,
                "specialty",
                f"no therapist has the specialty {treatment.specialty!r}; "
                "courses of this treatment can't be planned",
            )
        if check_rooms and not any(treatment.equipment <= r.item.equipment for r in parts.rooms):
            missing = ";".join(sorted(treatment.equipment))
            problems.warn(
                TREATMENTS.file,
                entry.row,
                "equipment",
                f"no room has all of {missing!r}; courses of this treatment can't be planned",
            )


def warn_idle(parts: Parts, problems: Problems) -> None:
    """A therapist with no shift in the horizon can't be booked; a scenario without a course
    plans nothing. Both load (a week off, a new spa), but are rarely what is meant."""
    if parts.tables[COURSES.file].usable and not parts.tables[COURSES.file].rows:
        problems.warn(COURSES.file, None, None, "courses.csv has no course: the plan will be empty")
    if not (parts.tables[THERAPISTS.file].usable and parts.tables[SHIFTS.file].usable):
        return
    working = {entry.item.therapist_id for entry in parts.shifts}
    idle = [entry for entry in parts.therapists if entry.item.id not in working]
    if idle and not working:
        # One line, not one per therapist: usually all shifts lie outside the horizon.
        message = "no therapist has a shift in the horizon: nothing can be booked"
        problems.warn(SHIFTS.file, None, None, message)
        return
    for entry in idle:
        problems.warn(
            THERAPISTS.file,
            entry.row,
            "therapist_id",
            f"therapist {entry.item.id} has no shift in the horizon: they can't be booked",
        )
