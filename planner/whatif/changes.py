"""A what-if variant: a named list of changes to a base scenario, as read from a variants file.

Every change remembers the line it was written on, so that a change that doesn't fit the base
scenario (an unknown therapist, a date outside the horizon) is reported where the manager wrote
it. Nothing here knows the base scenario: :mod:`planner.whatif.apply` checks ids and applies.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from planner.scenario.types import Room, Therapist


@dataclass(frozen=True)
class Ref:
    """An id of something in the scenario (a therapist, room or course)."""

    id: str
    line: int | None


@dataclass(frozen=True)
class Period:
    """A period on one date for one therapist or room; no times = the whole day.

    ``start`` / ``end`` are minutes of the day (``end`` may be 1440 = 24:00).
    """

    owner_id: str
    on: date
    start: int | None
    end: int | None
    line: int | None


@dataclass(frozen=True)
class Dated:
    """A date, e.g. one to close the spa on."""

    on: date
    line: int | None


@dataclass(frozen=True)
class NewTherapist:
    """A therapist to add (give them shifts with ``add_shifts``)."""

    therapist: Therapist
    line: int | None


@dataclass(frozen=True)
class NewRoom:
    """A room to add."""

    room: Room
    line: int | None


@dataclass(frozen=True)
class CsvFile:
    """A CSV file in a contract format (courses, clients) that a variant adds from."""

    path: Path
    line: int | None


@dataclass(frozen=True)
class Setting:
    """A new value for a setting of ``scenario.toml`` (``weights.X`` for a weight)."""

    key: str
    value: int | float
    line: int | None


@dataclass(frozen=True)
class Opening:
    """New opening hours of a weekday (0 = Monday); None = closed."""

    weekday: int
    hours: tuple[int, int] | None
    line: int | None


@dataclass(frozen=True)
class Priority:
    """A new priority (1-5) for a course."""

    course_id: str
    priority: int
    line: int | None


@dataclass(frozen=True)
class Variant:
    """A named what-if variant of a base scenario.

    Changes are applied in a fixed order, whatever their order in the file: settings, opening
    hours and dates, rooms, therapists, shifts, clients, courses, priorities, then the keys
    of :mod:`planner.whatif.extra` (specialties, room-days, longer opening). So
    ``remove_shifts`` then ``add_shifts`` on one date replaces a shift, and a therapist added
    by the variant can get shifts in the same variant.

    Parameters
    ----------
    name
        The variant's name, also its output folder.
    file
        The variants file it was read from (for messages).
    line
        Line of the variant's table in that file.
    scenario_folder
        A whole scenario folder to use instead of the base (the changes apply on top of it).
    """

    name: str
    file: str
    line: int | None
    description: str = ""
    scenario_folder: Path | None = None
    settings: tuple[Setting, ...] = ()
    opening_hours: tuple[Opening, ...] = ()
    close_dates: tuple[Dated, ...] = ()
    open_dates: tuple[Dated, ...] = ()
    add_rooms: tuple[NewRoom, ...] = ()
    remove_rooms: tuple[Ref, ...] = ()
    close_rooms: tuple[Period, ...] = ()
    add_therapists: tuple[NewTherapist, ...] = ()
    remove_therapists: tuple[Ref, ...] = ()
    remove_shifts: tuple[Period, ...] = ()
    add_shifts: tuple[Period, ...] = ()
    add_clients: tuple[CsvFile, ...] = ()
    add_courses: tuple[CsvFile, ...] = ()
    remove_courses: tuple[Ref, ...] = ()
    priorities: tuple[Priority, ...] = ()
    # The keys of planner.whatif.extra (advice): applied last, in this order.
    add_specialties: tuple[Any, ...] = ()
    add_room_days: tuple[Any, ...] = ()
    extend_opening: tuple[Any, ...] = ()
