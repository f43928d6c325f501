"""Reading a solve's output folder (``plan.csv``, ``unscheduled.csv``, ``summary.json``).

Only ``plan.csv`` is required: a plan edited by hand may come without the other two, and the
exports then compute what they need from the scenario. A file that is present but can't be read
is an error, reported like the loader's (file, row, column, what was expected).
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from planner.plan import UNSCHEDULED_COLUMNS, PlannedSession, UnscheduledSession
from planner.plan_io import read_plan_csv
from planner.scenario.errors import Problem, Severity
from planner.scenario.types import Scenario

PLAN_FILE = "plan.csv"
UNSCHEDULED_FILE = "unscheduled.csv"
SUMMARY_FILE = "summary.json"
_INTEGER = re.compile(r"[+-]?\d+")


class ExportInputError(Exception):
    """The plan folder can't be read; ``problems`` says where and why."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass(frozen=True)
class PlanBundle:
    """A plan as a solve published it: scheduled sessions, the rest, and the solve's summary.

    ``summary`` is the content of ``summary.json`` (empty when the file is absent).
    """

    sessions: tuple[PlannedSession, ...]
    unscheduled: tuple[UnscheduledSession, ...] = ()
    summary: Mapping[str, object] = field(default_factory=dict)


def _unscheduled_row(
    number: int, cells: dict[str, str]
) -> tuple[UnscheduledSession | None, list[Problem]]:
    problems: list[Problem] = []
    for column in ("course_id", "client_id", "treatment_id"):
        if not cells[column]:
            problems.append(
                Problem(UNSCHEDULED_FILE, number, column, "expected an id, the cell is empty")
            )
    if not _INTEGER.fullmatch(cells["session"]):
        got = cells["session"]
        problems.append(
            Problem(UNSCHEDULED_FILE, number, "session", f"expected a whole number, got {got!r}")
        )
    if problems:
        return None, problems
    session = UnscheduledSession(
        course_id=cells["course_id"],
        session=int(cells["session"]),
        client_id=cells["client_id"],
        treatment_id=cells["treatment_id"],
        reason=cells["reason"],
    )
    return session, []


def read_unscheduled_csv(path: Path) -> tuple[list[UnscheduledSession], list[Problem]]:
    """Read the contract's ``unscheduled.csv`` (columns in any order, names case-insensitive).

    Returns
    -------
    tuple[list[UnscheduledSession], list[Problem]]
        The sessions of every readable row and every problem found.
    """
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows = [[cell.strip() for cell in row] for row in csv.reader(handle)]
    except OSError as error:
        return [], [Problem(path.name, None, None, f"can't read the file: {error.strerror}")]
    except UnicodeDecodeError as error:
        return [], [Problem(path.name, None, None, f"expected UTF-8 text ({error.reason})")]
    except csv.Error as error:
        return [], [Problem(path.name, None, None, f"expected comma-separated values: {error}")]
    if not rows:
        return [], [Problem(path.name, None, None, "the file is empty; expected a header row")]
    where = {name.lower(): i for i, name in reversed(list(enumerate(rows[0])))}
    missing = [c for c in UNSCHEDULED_COLUMNS if c not in where]
    if missing:
        return [], [Problem(path.name, 1, c, f"missing required column {c!r}") for c in missing]
    found: list[UnscheduledSession] = []
    problems: list[Problem] = []
    for offset, row in enumerate(rows[1:]):
        if not any(row):
            continue
        number = offset + 2  # the header is row 1
        cells = {c: row[where[c]] if where[c] < len(row) else "" for c in UNSCHEDULED_COLUMNS}
        session, row_problems = _unscheduled_row(number, cells)
        problems.extend(row_problems)
        if session is not None:
            found.append(session)
    return found, problems


def read_summary_json(path: Path) -> tuple[dict[str, object], list[Problem]]:
    """Read ``summary.json``: a JSON object, else a problem."""
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except OSError as error:
        return {}, [Problem(path.name, None, None, f"can't read the file: {error.strerror}")]
    except UnicodeDecodeError as error:
        return {}, [Problem(path.name, None, None, f"expected UTF-8 text ({error.reason})")]
    except json.JSONDecodeError as error:
        return {}, [Problem(path.name, error.lineno, None, f"expected JSON: {error.msg}")]
    if not isinstance(data, dict):
        return {}, [Problem(path.name, None, None, "expected a JSON object {...}")]
    return data, []


def read_plan_dir(plan_dir: Path | str, scenario: Scenario) -> tuple[PlanBundle, list[Problem]]:
    """Read a solve's output folder.

    Parameters
    ----------
    plan_dir
        Folder holding ``plan.csv`` and, optionally, ``unscheduled.csv`` and ``summary.json``.
    scenario
        The scenario the plan is for (its horizon start anchors the date-times).

    Returns
    -------
    tuple[PlanBundle, list[Problem]]
        The plan and the warnings about optional files that are absent.

    Raises
    ------
    ExportInputError
        If the folder or ``plan.csv`` is missing, or any present file can't be read.
    """
    folder = Path(plan_dir)
    if not folder.is_dir():
        raise ExportInputError([Problem(str(folder), None, None, "expected a plan folder")])
    sessions, problems = read_plan_csv(folder / PLAN_FILE, scenario)
    warnings: list[Problem] = []
    unscheduled: list[UnscheduledSession] = []
    summary: dict[str, object] = {}
    if (folder / UNSCHEDULED_FILE).exists():
        unscheduled, found = read_unscheduled_csv(folder / UNSCHEDULED_FILE)
        problems.extend(found)
    else:
        warnings.append(_absent(UNSCHEDULED_FILE, "no unscheduled sessions are listed"))
    if (folder / SUMMARY_FILE).exists():
        summary, found = read_summary_json(folder / SUMMARY_FILE)
        problems.extend(found)
    else:
        warnings.append(_absent(SUMMARY_FILE, "the score is computed from the plan"))
    if problems:
        raise ExportInputError(problems)
    return PlanBundle(tuple(sessions), tuple(unscheduled), summary), warnings


def _absent(name: str, consequence: str) -> Problem:
    return Problem(name, None, None, f"file not found; {consequence}", Severity.WARNING)
