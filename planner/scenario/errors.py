"""Problems found in input files, each pinned to file, row and column."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from planner.scenario.types import Contraindication, Pin


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    """One problem in an input file.

    ``row`` counts the header as row 1 (None: the whole file); ``column`` is None where the
    problem is not about one column; ``subject`` names what the row is about, by its ids
    (``course K3``; see ``planner.scenario.subjects``), None where it names nothing.
    """

    file: str
    row: int | None
    column: str | None
    message: str
    severity: Severity = Severity.ERROR
    # A short tag for the kind of problem, e.g. "pin" for pinned sessions that break a hard
    # rule (``planner solve`` answers those with exit 3, "no plan possible").
    code: str = ""
    subject: str | None = None

    def __str__(self) -> str:
        return f"{self.where()}: {self.severity.value}: {self.message}"

    def where(self) -> str:
        """``courses.csv, row 4 (course K3), column 'latest'``: file, row, subject, column."""
        where = self.file
        if self.row is not None:
            where += f", row {self.row}"
            if self.subject:
                where += f" ({self.subject})"
        if self.column is not None:
            where += f", column {self.column!r}"
        return where


class ScenarioError(Exception):
    """A scenario that can't be loaded; ``problems`` lists every error (and warning) found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        errors = [p for p in problems if p.severity is Severity.ERROR]
        super().__init__(f"{len(errors)} error(s) in the scenario:\n" + "\n".join(map(str, errors)))


def pin_rows(pins: Iterable[Pin]) -> dict[tuple[str, int], int]:
    """Row (header = 1) of each pin, by (course, session), in ``pinned.csv`` as the scenario is
    written (:mod:`planner.scenario.write` keeps the order): the row a message about a pin
    names. A folder's own rows are told by :class:`planner.scenario.LoadedFolder`; the two
    differ only where the file has blank lines or released bookings between its rows.
    """
    return {(p.course_id, p.session): row for row, p in enumerate(pins, start=2)}


def pin_subject(course_id: str, session: int) -> str:
    """How a pinned session is named: ``course co7, session 2``."""
    return f"course {course_id}, session {session}"


# How a subject is named in messages, by file; files not listed (health data) name nothing.
_NOUNS = {
    "therapists.csv": "therapist",
    "shifts.csv": "therapist",
    "rooms.csv": "room",
    "room_closures.csv": "room",
    "treatments.csv": "treatment",
    "clients.csv": "client",
    "client_availability.csv": "client",
    "courses.csv": "course",
}


def subject_key(item: object) -> tuple[str | int, ...]:
    """The ids an object is known by: its own id, a pin's (course, session), or the id of what
    it belongs to (a shift's therapist, a condition's client)."""
    if isinstance(item, Pin):
        return (item.course_id, item.session)
    if isinstance(item, Contraindication):
        return (item.treatment_id,)
    for name in ("id", "therapist_id", "room_id", "client_id"):
        value = getattr(item, name, None)
        if isinstance(value, str):
            return (value,)
    return ()


@dataclass(frozen=True)
class DomainProblem:
    """One problem of a scenario, keyed by file and subject rather than by CSV row.

    ``index`` is the subject's position in its file's tuple of the scenario (``scenario.pins``
    for ``pinned.csv``; None: the whole file); ``key`` its ids (see :func:`subject_key`);
    ``column`` the contract's column to blame, None where no single column is.
    """

    file: str
    index: int | None
    key: tuple[str | int, ...]
    column: str | None
    message: str
    severity: Severity = Severity.ERROR
    code: str = ""
    # For a subject given twice: the position of its first object in the same tuple.
    first: int | None = None

    @property
    def subject(self) -> str | None:
        """What the problem is about by its ids (``course co7``); None for health data."""
        if not self.key:
            return None
        if self.file == "pinned.csv" and len(self.key) == 2:
            return pin_subject(str(self.key[0]), int(self.key[1]))
        noun = _NOUNS.get(self.file)
        return None if noun is None else f"{noun} {self.key[0]}"

    def at_row(self, row: int | None, first_row: int | None = None, named: bool = True) -> Problem:
        """This problem as a :class:`Problem` of the CSV layer, at ``row`` (header = 1).

        ``first_row`` is the row of :attr:`first`, for a subject given twice; ``named`` False
        leaves the subject for :func:`planner.scenario.subjects.name_rows` to read from the row.
        """
        subject = self.subject if row is not None and named else None
        message = self.message
        if self.first is not None and first_row is not None:
            message = again_message(self.file, self.key, f"row {first_row}")
        return Problem(self.file, row, self.column, message, self.severity, self.code, subject)

    def __str__(self) -> str:
        where = self.file
        if self.subject:
            where += f" ({self.subject})"
        if self.column is not None:
            where += f", column {self.column!r}"
        return f"{where}: {self.severity.value}: {self.message}"


def again_message(file: str, key: tuple[str | int, ...], first: str) -> str:
    """The message for a subject given twice; ``first`` says where the first one is
    (``row 3`` of a file, ``position 1`` of a scenario's tuple)."""
    if file == "pinned.csv":
        return (
            f"session {key[1]} of course {key[0]!r} is already pinned in {first}; "
            "expected each session pinned once"
        )
    return f"duplicate id {key[0]!r} (already in {first}); expected ids unique within the file"
