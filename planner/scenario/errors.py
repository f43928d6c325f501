"""Problems found in input files, each pinned to file, row and column."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


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
