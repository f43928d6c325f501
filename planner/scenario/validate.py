"""The scenario's domain checks, run on what the CSV files hold and told by file, row and column.

The rules themselves live in :mod:`planner.scenario.checks` and work on a
:class:`~planner.scenario.types.Scenario`; this module builds one from the objects read so far
(:class:`Parts`), runs the checks and puts each problem back on the row its object came from.
One thing only rows can tell is checked here: a row left out for a bad cell may still name an
unknown id (told too, so that one pass shows every mistake).

References into a file that could not be read at all are not checked: that file already has its
own error, and repeating it for every row that points into it would hide it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields, replace
from typing import Any

from planner.scenario.checks import (
    FILES,
    HARD_REFERENCES,
    Known,
    check_courses,
    check_pins,
    check_references,
    check_soft_references,
    unknown_id,
    warn_idle,
    warn_unusable_treatments,
    without_unknown_preferences,
)
from planner.scenario.csvread import Problems, Table
from planner.scenario.errors import DomainProblem, Problem
from planner.scenario.rows import ALL_SPECS, Loaded
from planner.scenario.types import (
    Availability,
    Client,
    Condition,
    Contraindication,
    Course,
    Pin,
    Room,
    RoomClosure,
    Scenario,
    Settings,
    Shift,
    Therapist,
    Treatment,
)


@dataclass
class Parts:
    """Every file's objects with their rows; ``tables`` tell which files were read."""

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

    def objects(self, name: str) -> list[Loaded[Any]]:
        """The loaded objects of the Scenario field ``name`` (``"courses"``, ...)."""
        found: list[Loaded[Any]] = getattr(self, name)
        return found

    def scenario(
        self, settings: Settings, contraindications: Iterable[Contraindication] | None = None
    ) -> Scenario:
        """The objects as a scenario; ``contraindications`` replace the file's own rules."""
        items = {
            f.name: tuple(entry.item for entry in self.objects(f.name))
            for f in fields(self)
            if f.name != "tables"
        }
        if contraindications is not None:
            items["contraindications"] = tuple(contraindications)
        return Scenario(settings=settings, **items)

    def rows(self, file: str) -> list[int]:
        """Row (header = 1) of each object of ``file``, by its position in the scenario."""
        return [entry.row for entry in self.objects(FILES[file])]

    def known(self) -> Known:
        """Ids each file's rows name (also rows left out for a bad cell), None where the file
        could not be read; and the files without rows."""
        ids: dict[str, frozenset[str] | None] = {}
        for file, table in self.tables.items():
            column = _id_column(file)
            cells = {row.get(column) for row in table.rows} - {""}
            ids[file] = frozenset(cells) if table.usable else None
        empty = frozenset(f for f, table in self.tables.items() if table.usable and not table.rows)
        return Known(ids, empty)


def _id_column(file: str) -> str:
    """The column a file's rows are named by: the first of the contract's required ones."""
    return next(spec.required[0] for spec in ALL_SPECS if spec.file == file)


Rows = Mapping[str, list[int]]


def _told(rows: Rows, found: Iterable[DomainProblem]) -> list[Problem]:
    """Domain problems on the rows their objects came from (subjects are named later)."""
    return [
        p.at_row(
            None if p.index is None else rows[p.file][p.index],
            None if p.first is None else rows[p.file][p.first],
            named=False,
        )
        for p in found
    ]


def _by_row(problems: list[Problem]) -> list[Problem]:
    """Problems of one file in row order (stable: one row's problems keep their order)."""
    return sorted(problems, key=lambda p: p.row or 0)


def _references(parts: Parts, rows: Rows, scenario: Scenario, known: Known) -> list[Problem]:
    """Hard references of the objects, and of the rows left out for a bad cell, in row order."""
    told = _told(rows, check_references(scenario, known))
    out: list[Problem] = []
    for file, column, target in HARD_REFERENCES:
        ids = known.ids.get(target)
        if ids is None:
            continue
        read = set(rows[file])
        skipped_rows = [
            Problem(file, row.number, column, unknown_id(row.get(column), ids, target))
            for row in parts.tables[file].rows
            if row.number not in read and row.get(column) and row.get(column) not in ids
        ]
        mine = [p for p in told if (p.file, p.column) == (file, column)]
        out += _by_row(mine + skipped_rows)
    return out


def check_parts(parts: Parts, settings: Settings, problems: Problems) -> None:
    """Run the domain checks on the objects read, each problem on its row, into ``problems``.

    Objects that can't be used as they are leave ``parts``: a course whose gaps contradict each
    other, a pin with a bad number or given twice. An unknown preferred therapist only warns
    and is dropped from its course.
    """
    known = parts.known()
    scenario = parts.scenario(settings)
    rows = {file: parts.rows(file) for file in FILES}
    problems.items += _references(parts, rows, scenario, known)
    problems.items += _told(rows, check_soft_references(scenario, known))
    fixed = without_unknown_preferences(scenario, known).courses
    parts.courses = [replace(e, item=c) for e, c in zip(parts.courses, fixed, strict=True)]
    gaps = list(check_courses(scenario))
    problems.items += _told(rows, gaps)
    broken = {str(p.key[0]) for p in gaps}
    parts.courses = [e for e in parts.courses if e.item.id not in broken]
    pin_problems = _told(rows, check_pins(scenario, broken))
    problems.items += pin_problems
    bad_pins = {p.row for p in pin_problems}
    parts.pins = [e for e in parts.pins if e.row not in bad_pins]
    problems.items += _told(rows, warn_unusable_treatments(scenario, known))
    problems.items += _told(rows, warn_idle(scenario, known))
