"""One converter per CSV file of the contract: rows of text -> domain objects with their row.

Each converter checks what one row can say on its own (types, ranges, defaults, ids present and
unique); references between files are checked in :mod:`planner.scenario.validate`. A bad row is
reported and left out, so that every other row is still checked.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from planner.scenario.cells import YES_NO, Cells
from planner.scenario.csvread import Problems, Table, TableSpec
from planner.scenario.types import (
    Availability,
    Client,
    Condition,
    Contraindication,
    Course,
    Intensity,
    Pin,
    Room,
    RoomClosure,
    Settings,
    Shift,
    Strictness,
    Therapist,
    Treatment,
)

T = TypeVar("T")

THERAPISTS = TableSpec(
    "therapists.csv",
    True,
    (
        "therapist_id",
        "name",
        "specialties",
        "max_sessions_per_day",
        "max_minutes_per_week",
        "max_deep_per_day",
    ),
    frozenset({"name", "max_sessions_per_day", "max_minutes_per_week", "max_deep_per_day"}),
)
SHIFTS = TableSpec("shifts.csv", True, ("therapist_id", "date", "start", "end"))
ROOMS = TableSpec(
    "rooms.csv", True, ("room_id", "name", "equipment"), frozenset({"name", "equipment"})
)
ROOM_CLOSURES = TableSpec("room_closures.csv", False, ("room_id", "date", "start", "end"))
TREATMENTS = TableSpec(
    "treatments.csv",
    True,
    (
        "treatment_id",
        "name",
        "specialty",
        "duration_min",
        "equipment",
        "intensity",
        "min_gap_hours",
        "max_gap_hours",
    ),
    frozenset({"name", "equipment", "intensity", "min_gap_hours", "max_gap_hours"}),
)
CLIENTS = TableSpec(
    "clients.csv", True, ("client_id", "name"), frozenset({"name"}), keep_extra=True
)
CONDITIONS = TableSpec(
    "client_conditions.csv",
    False,
    ("client_id", "condition", "from", "until", "cleared"),
    frozenset({"from", "until", "cleared"}),
)
AVAILABILITY = TableSpec(
    "client_availability.csv",
    False,
    ("client_id", "date", "start", "end", "kind"),
    frozenset({"kind"}),
)
CONTRAINDICATIONS = TableSpec("contraindications.csv", False, ("condition", "treatment_id", "rule"))
COURSES = TableSpec(
    "courses.csv",
    True,
    (
        "course_id",
        "client_id",
        "treatment_id",
        "sessions",
        "priority",
        "earliest",
        "latest",
        "min_gap_hours",
        "max_gap_hours",
        "preferred_therapist",
        "needs_assessment",
        "last_session_end",
    ),
    frozenset(
        {
            "priority",
            "earliest",
            "latest",
            "min_gap_hours",
            "max_gap_hours",
            "preferred_therapist",
            "needs_assessment",
            "last_session_end",
        }
    ),
)
PINNED = TableSpec(
    "pinned.csv",
    False,
    ("course_id", "session", "therapist_id", "room_id", "start", "booked"),
    frozenset({"booked"}),  # planner's extension: when the front desk booked the session
)

ALL_SPECS = (
    THERAPISTS,
    SHIFTS,
    ROOMS,
    ROOM_CLOSURES,
    TREATMENTS,
    CLIENTS,
    CONDITIONS,
    AVAILABILITY,
    CONTRAINDICATIONS,
    COURSES,
    PINNED,
)

INTENSITIES = {i.value: i for i in Intensity}
STRICTNESS = {s.value: s for s in Strictness}
KINDS = {"available": False, "preferred": True}


@dataclass(frozen=True)
class Loaded(Generic[T]):
    """A domain object and the row (header = 1) of the file it came from."""

    row: int
    item: T


def convert(
    table: Table,
    problems: Problems,
    settings: Settings,
    build: Callable[[Cells], T | None],
    id_column: str | None = None,
) -> list[Loaded[T]]:
    """Apply ``build`` to every row of ``table``, keeping the rows that hold no error.

    ``build`` returns None to leave a row out without an error (e.g. a shift outside the
    horizon, after its warning). ``id_column`` must hold ids unique within the file.
    """
    out: list[Loaded[T]] = []
    first_row: dict[str, int] = {}
    for row in table.rows:
        cells = Cells(table.file, row, problems, settings.start)
        if id_column is not None and (key := row.get(id_column)):
            if key in first_row:
                cells.fail(
                    id_column,
                    f"duplicate id {key!r} (already in row {first_row[key]}); "
                    "expected ids unique within the file",
                )
            else:
                first_row[key] = row.number
        item = build(cells)
        if cells.ok and item is not None:
            out.append(Loaded(row.number, item))
    return out


def therapist(cells: Cells) -> Therapist | None:
    """A row of ``therapists.csv``."""
    therapist_id = cells.ident("therapist_id")
    specialties = frozenset(s.lower() for s in cells.items("specialties"))
    if not specialties:
        cells.fail("specialties", "expected at least one specialty (a list separated by ;)")
    per_day = cells.integer("max_sessions_per_day", 6, low=1)
    per_week = cells.integer("max_minutes_per_week", None, low=0)
    deep = cells.integer("max_deep_per_day", None, low=0)
    if not cells.ok or per_day is None:
        return None
    name = cells.text("name", therapist_id)
    return Therapist(therapist_id, name, specialties, per_day, per_week, deep)


def shift(settings: Settings) -> Callable[[Cells], Shift | None]:
    """Builder for rows of ``shifts.csv``; shifts outside the horizon warn and are left out."""

    def build(cells: Cells) -> Shift | None:
        therapist_id = cells.ident("therapist_id")
        period = cells.period()
        if period is None or not cells.ok:
            return None
        on, start, end = period
        if not 0 <= start < settings.horizon_minutes:
            last = settings.last_day
            cells.warn(
                "date",
                f"shift on {on.isoformat()} lies outside the horizon "
                f"{settings.start.isoformat()}..{last.isoformat()}; it is ignored",
            )
            return None
        return Shift(therapist_id, start, end)

    return build


def room(cells: Cells) -> Room | None:
    """A row of ``rooms.csv``."""
    room_id = cells.ident("room_id")
    equipment = frozenset(e.lower() for e in cells.items("equipment"))
    return Room(room_id, cells.text("name", room_id), equipment) if cells.ok else None


def room_closure(cells: Cells) -> RoomClosure | None:
    """A row of ``room_closures.csv``."""
    room_id = cells.ident("room_id")
    period = cells.period()
    if period is None or not cells.ok:
        return None
    return RoomClosure(room_id, period[1], period[2])


def treatment(cells: Cells) -> Treatment | None:
    """A row of ``treatments.csv``; its max gap may not be below its min gap."""
    treatment_id = cells.ident("treatment_id")
    specialty = cells.required("specialty", "a specialty").lower()
    duration = cells.integer("duration_min", low=1, required=True)
    intensity = cells.choice("intensity", INTENSITIES, Intensity.GENTLE)
    min_gap = cells.number("min_gap_hours", 24.0)
    max_gap = cells.number("max_gap_hours", None)
    if min_gap is not None and max_gap is not None and max_gap < min_gap:
        cells.fail(
            "max_gap_hours",
            f"expected a max gap of at least the min gap ({min_gap:g} h), got {max_gap:g}",
        )
    if not cells.ok or duration is None or min_gap is None:
        return None
    equipment = frozenset(e.lower() for e in cells.items("equipment"))
    name = cells.text("name", treatment_id)
    return Treatment(
        treatment_id, name, specialty, duration, equipment, intensity, min_gap, max_gap
    )


def client(cells: Cells) -> Client | None:
    """A row of ``clients.csv``; further columns are kept as private details."""
    client_id = cells.ident("client_id")
    if not cells.ok:
        return None
    return Client(client_id, cells.text("name", client_id), cells.row.extra)


def condition(settings: Settings) -> Callable[[Cells], Condition | None]:
    """Builder for rows of ``client_conditions.csv`` (names lower-cased).

    Messages never repeat the condition itself: it is health data.
    """

    def build(cells: Cells) -> Condition | None:
        client_id = cells.ident("client_id")
        name = cells.required("condition", "the name of a condition").lower()
        first = cells.date("from", required=False)
        last = cells.date("until", required=False)
        cleared = cells.choice("cleared", YES_NO, False)
        if first is not None and last is not None and last < first:
            cells.fail("until", "expected a date on or after 'from'")
        if not cells.ok:
            return None
        first_day = 0 if first is None else (first - settings.start).days
        last_day = settings.days - 1 if last is None else (last - settings.start).days
        return Condition(client_id, name, first_day, last_day, cleared)

    return build


def availability(cells: Cells) -> Availability | None:
    """A row of ``client_availability.csv``."""
    client_id = cells.ident("client_id")
    period = cells.period()
    preferred = cells.choice("kind", KINDS, False)
    if period is None or not cells.ok:
        return None
    return Availability(client_id, period[1], period[2], preferred)


def contraindication(cells: Cells) -> Contraindication | None:
    """A row of ``contraindications.csv`` (condition names and rules case-insensitive)."""
    name = cells.required("condition", "the name of a condition").lower()
    treatment_id = cells.required("treatment_id", "a treatment id or *")
    rule = cells.choice("rule", STRICTNESS, None)
    if rule is None and not cells.row.get("rule"):
        cells.fail("rule", "expected absolute or relative or local, got an empty cell")
    if not cells.ok or rule is None:
        return None
    return Contraindication(name, treatment_id, rule)


def course(settings: Settings) -> Callable[[Cells], Course | None]:
    """Builder for rows of ``courses.csv``; gaps against the treatment are checked later."""

    def build(cells: Cells) -> Course | None:
        course_id = cells.ident("course_id")
        client_id = cells.ident("client_id")
        treatment_id = cells.ident("treatment_id")
        sessions = cells.integer("sessions", low=1, required=True)
        priority = cells.integer("priority", 1, low=1, high=5)
        earliest = cells.datetime("earliest")
        latest = cells.datetime("latest")
        min_gap = cells.number("min_gap_hours", None)
        max_gap = cells.number("max_gap_hours", None)
        assessment = cells.choice("needs_assessment", YES_NO, True)
        last_end = cells.datetime("last_session_end")
        if earliest is not None and latest is not None and latest <= earliest:
            cells.fail("latest", f"expected a date-time after earliest {cells.row.get('earliest')}")
        low = 0 if earliest is None else max(0, earliest)
        high = settings.horizon_minutes if latest is None else min(settings.horizon_minutes, latest)
        if cells.ok and high <= low:
            cells.warn(
                "earliest" if earliest is not None and earliest >= low else "latest",
                "the course's earliest..latest window lies outside the horizon; "
                "none of its sessions can be planned",
            )
        if last_end is not None and last_end > 0:
            cells.warn(
                "last_session_end",
                "lies after the horizon start; expected the end of a session before this horizon",
            )
        if not cells.ok or sessions is None or priority is None:
            return None
        preferred = cells.text("preferred_therapist") or None
        return Course(
            course_id,
            client_id,
            treatment_id,
            sessions,
            priority,
            earliest,
            latest,
            min_gap,
            max_gap,
            preferred,
            assessment,
            last_end,
        )

    return build


def pin(cells: Cells) -> Pin | None:
    """A row of ``pinned.csv`` (whether it fits its course is checked later)."""
    course_id = cells.ident("course_id")
    session = cells.integer("session", low=1, required=True)
    therapist_id = cells.ident("therapist_id")
    room_id = cells.ident("room_id")
    start = cells.datetime("start", required=True)
    booked = cells.datetime("booked")
    if not cells.ok or session is None or start is None:
        return None
    return Pin(course_id, session, therapist_id, room_id, start, booked)
