"""The contract's ``plan.csv`` and ``unscheduled.csv``, written and read back.

Writers write plain files into a folder; a folder replaced all at once goes through
:mod:`planner.plan.publish` (see :mod:`planner.plan.folder`). Readers take files written by this
project or anyone else and report every unreadable cell as a :class:`Problem` (file, row, column,
what was expected); ids that name nothing in the scenario are not read errors but rule
violations, which the checker reports.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path

import pandas as pd

from planner.plan.types import (
    PLAN_COLUMNS,
    UNSCHEDULED_COLUMNS,
    Plan,
    PlannedSession,
    UnscheduledSession,
)
from planner.scenario.errors import Problem
from planner.scenario.medical import caution_on
from planner.scenario.timeaxis import day_index, format_datetime, parse_datetime
from planner.scenario.types import Scenario

CAUTION_COLUMN = "caution"
_ID_COLUMNS = ("course_id", "client_id", "treatment_id", "therapist_id", "room_id")
_INTEGER = re.compile(r"[+-]?\d+")
_PARSER_LINE = re.compile(r"line (\d+)")


def session_caution(scenario: Scenario, session: PlannedSession) -> bool:
    """True if the therapist must take care (a ``local`` rule, or the session says so)."""
    course = scenario.course_by_id.get(session.course_id)
    if course is None:
        return session.caution
    return session.caution or caution_on(scenario, course, day_index(session.start))


def _write(path: Path, header: Sequence[str], rows: Iterable[Sequence[str]]) -> None:
    with Path(path).open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def plan_rows(scenario: Scenario, sessions: Iterable[PlannedSession]) -> list[list[str]]:
    """The rows of ``plan.csv`` for ``sessions``: the contract's columns, then ``caution``
    (yes/no), sorted by start, then therapist; date-times as ``YYYY-MM-DDTHH:MM``."""
    start = scenario.settings.start
    return [
        [
            s.course_id,
            str(s.session),
            s.client_id,
            s.treatment_id,
            s.therapist_id,
            s.room_id,
            format_datetime(start, s.start),
            format_datetime(start, s.end),
            "yes" if session_caution(scenario, s) else "no",
        ]
        for s in sorted(sessions, key=Plan.sort_key)
    ]


def write_plan_csv(
    path: Path | str, scenario: Scenario, sessions: Iterable[PlannedSession]
) -> None:
    """Write ``plan.csv``: a header, then :func:`plan_rows`.

    Parameters
    ----------
    path
        File to write (a plain write: publish its folder to replace it all at once).
    scenario
        The scenario the sessions belong to (horizon start, contraindication cautions).
    sessions
        The scheduled sessions, in any order.
    """
    _write(Path(path), (*PLAN_COLUMNS, CAUTION_COLUMN), plan_rows(scenario, sessions))


def _unscheduled_rows(unscheduled: Iterable[UnscheduledSession]) -> list[tuple[str, ...]]:
    return [
        (u.course_id, str(u.session), u.client_id, u.treatment_id, u.reason)
        for u in sorted(unscheduled, key=lambda u: (u.course_id, u.session))
    ]


def write_unscheduled_csv(path: Path | str, unscheduled: Iterable[UnscheduledSession]) -> None:
    """Write ``unscheduled.csv`` in the contract's columns, sorted by course and session."""
    _write(Path(path), UNSCHEDULED_COLUMNS, _unscheduled_rows(unscheduled))


def unscheduled_text(unscheduled: Iterable[UnscheduledSession]) -> str:
    """The text :func:`write_unscheduled_csv` writes, for publishing the one file by itself."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(UNSCHEDULED_COLUMNS)
    writer.writerows(_unscheduled_rows(unscheduled))
    return out.getvalue()


def _read_table(path: Path) -> tuple[list[list[str]] | None, list[Problem]]:
    """All rows of a CSV as trimmed strings (header first), or the problem that stops reading."""
    name = path.name
    if path.is_dir():
        return None, [Problem(name, None, None, f"expected a CSV file, found a folder: {path}")]
    if not path.is_file():
        return None, [Problem(name, None, None, f"file not found: {path}")]
    try:
        frame = pd.read_csv(
            path,
            header=None,
            dtype=str,
            keep_default_na=False,
            skip_blank_lines=False,
            encoding="utf-8-sig",
        )
    except OSError as error:
        return None, [Problem(name, None, None, f"can't read the file: {error.strerror}")]
    except UnicodeDecodeError as error:
        return None, [Problem(name, None, None, f"expected UTF-8 text ({error.reason})")]
    except pd.errors.EmptyDataError:
        return None, [Problem(name, None, None, "the file is empty; expected a header row")]
    except pd.errors.ParserError as error:
        found = _PARSER_LINE.search(str(error))
        row = int(found.group(1)) if found else None
        return None, [Problem(name, row, None, f"expected comma-separated values: {error}")]
    return [[str(cell).strip() for cell in row] for row in frame.itertuples(index=False)], []


def _header(name: str, header: list[str]) -> tuple[dict[str, int], list[Problem]]:
    """Position of each contract column, matched trimmed and case-insensitively."""
    problems: list[Problem] = []
    where: dict[str, int] = {}
    for i, raw in enumerate(header):
        column = raw.strip().lower()
        if column in where and column in PLAN_COLUMNS:
            problems.append(Problem(name, 1, raw, f"column {column!r} appears twice"))
        where.setdefault(column, i)
    for column in PLAN_COLUMNS:
        if column not in where:
            problems.append(Problem(name, 1, column, f"missing required column {column!r}"))
    return where, problems


def _session_of_row(
    name: str, number: int, cells: dict[str, str], scenario: Scenario
) -> tuple[PlannedSession | None, list[Problem]]:
    problems: list[Problem] = []
    for column in _ID_COLUMNS:
        if not cells[column]:
            problems.append(Problem(name, number, column, "expected an id, the cell is empty"))
    session = 0
    if _INTEGER.fullmatch(cells["session"]):
        session = int(cells["session"])
    else:
        problems.append(
            Problem(name, number, "session", f"expected a whole number, got {cells['session']!r}")
        )
    times: dict[str, int] = {}
    for column in ("start", "end"):
        try:
            times[column] = parse_datetime(scenario.settings.start, cells[column])
        except ValueError as error:
            problems.append(Problem(name, number, column, str(error)))
    if problems:
        return None, problems
    planned = PlannedSession(
        course_id=cells["course_id"],
        session=session,
        client_id=cells["client_id"],
        treatment_id=cells["treatment_id"],
        therapist_id=cells["therapist_id"],
        room_id=cells["room_id"],
        start=times["start"],
        end=times["end"],
    )
    return replace(planned, caution=session_caution(scenario, planned)), []


def read_plan_csv(
    path: Path | str, scenario: Scenario
) -> tuple[list[PlannedSession], list[Problem]]:
    """Read a ``plan.csv`` written by this project or anyone else.

    Columns may come in any order; names are trimmed and compared case-insensitively; extra
    columns (such as ``caution``, which is recomputed from the scenario) are ignored.

    Parameters
    ----------
    path
        The plan file.
    scenario
        The scenario the plan is for (its horizon start anchors the date-times).

    Returns
    -------
    tuple[list[PlannedSession], list[Problem]]
        The sessions of every readable row, and every problem found (empty if the whole file
        was read). The plan must not be trusted when problems are returned.
    """
    path = Path(path)
    name = path.name
    table, problems = _read_table(path)
    if table is None:
        return [], problems
    where, problems = _header(name, table[0])
    if problems:
        return [], problems
    sessions: list[PlannedSession] = []
    for offset, row in enumerate(table[1:]):
        if not any(row):
            continue  # a blank line
        number = offset + 2  # the header is row 1
        cells = {column: row[where[column]] for column in PLAN_COLUMNS}
        planned, found = _session_of_row(name, number, cells, scenario)
        problems.extend(found)
        if planned is not None:
            sessions.append(planned)
    return sessions, problems


def _unscheduled_row(
    name: str, number: int, cells: dict[str, str]
) -> tuple[UnscheduledSession | None, list[Problem]]:
    problems: list[Problem] = []
    for column in ("course_id", "client_id", "treatment_id"):
        if not cells[column]:
            problems.append(Problem(name, number, column, "expected an id, the cell is empty"))
    if not _INTEGER.fullmatch(cells["session"]):
        got = cells["session"]
        problems.append(Problem(name, number, "session", f"expected a whole number, got {got!r}"))
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


def read_unscheduled_csv(path: Path | str) -> tuple[list[UnscheduledSession], list[Problem]]:
    """Read the contract's ``unscheduled.csv`` (columns in any order, names case-insensitive).

    Returns
    -------
    tuple[list[UnscheduledSession], list[Problem]]
        The sessions of every readable row and every problem found.
    """
    path = Path(path)
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
        session, row_problems = _unscheduled_row(path.name, number, cells)
        problems.extend(row_problems)
        if session is not None:
            found.append(session)
    return found, problems
