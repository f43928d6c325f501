"""``advice.csv``: the manager's verified changes, as ``planner advise -o`` writes them, read back.

The writer is :func:`planner.advise.write_advice`; both sides use :data:`ADVICE_COLUMNS`, so what
one writes the other reads. :func:`read_advice_csv` takes the file as written or edited by hand
and reports every unreadable cell as a :class:`Problem` (file, row, column, what was expected),
like the readers of ``plan.csv`` and ``unscheduled.csv``.

What a row says: the change in a manager's words (``description``: a therapist's name, a date, a
clock time, equipment or a specialty; never anything about a client), its kind, the gains, the
sessions it books and its cost in therapist or room minutes. ``booked`` lists the sessions by
course id; :class:`AdviceRow` does not keep it, so nothing that points at a client goes further.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from planner.scenario.errors import Problem

ADVICE_COLUMNS = (
    "rank",
    "variant",
    "kind",
    "description",
    "estimated_gain",
    "verified_gain",
    "sessions_booked",
    "cost_minutes",
    "booked",
)
_INTEGER = re.compile(r"[+-]?\d+")


@dataclass(frozen=True)
class AdviceRow:
    """One row of ``advice.csv``: a change, its gains and its cost.

    ``verified_gain`` is None where the change was only estimated (an empty cell).
    """

    rank: int
    variant: str
    kind: str
    description: str
    estimated_gain: int
    verified_gain: int | None
    sessions_booked: int
    cost_minutes: int


class AdviceFileError(Exception):
    """``advice.csv`` can't be read; ``problems`` says where and why."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class _Cells:
    """The cells of one row, read column by column; each unreadable cell adds a problem."""

    def __init__(self, file: str, row: int, cells: dict[str, str]) -> None:
        self.file, self.row, self.cells = file, row, cells
        self.problems: list[Problem] = []

    def text(self, column: str, expected: str) -> str:
        value = self.cells[column]
        if not value:
            message = f"expected {expected}, the cell is empty"
            self.problems.append(Problem(self.file, self.row, column, message))
        return value

    def whole(self, column: str, minimum: int | None = None) -> int | None:
        value = self.cells[column]
        if not _INTEGER.fullmatch(value):
            message = f"expected a whole number, got {value!r}"
        elif minimum is not None and int(value) < minimum:
            message = f"expected a whole number of at least {minimum}, got {value!r}"
        else:
            return int(value)
        self.problems.append(Problem(self.file, self.row, column, message))
        return None


def _advice_row(
    file: str, number: int, cells: dict[str, str]
) -> tuple[AdviceRow | None, list[Problem]]:
    read = _Cells(file, number, cells)
    rank = read.whole("rank", minimum=1)
    variant = read.text("variant", "the name of the variant in advice.toml")
    kind = read.text("kind", "the kind of change")
    description = read.text("description", "the change in words")
    estimated = read.whole("estimated_gain")
    verified = read.whole("verified_gain") if cells["verified_gain"] else None
    booked = read.whole("sessions_booked", minimum=0)
    cost = read.whole("cost_minutes", minimum=0)
    if read.problems or rank is None or estimated is None or booked is None or cost is None:
        return None, read.problems
    return AdviceRow(rank, variant, kind, description, estimated, verified, booked, cost), []


def _rows(path: Path, file: str) -> tuple[list[list[str]] | None, list[Problem]]:
    """Every row of the file as trimmed cells (header first), or the problem that stops it."""
    if path.is_dir():
        return None, [Problem(file, None, None, "expected a CSV file, found a folder")]
    if not path.is_file():
        return None, [Problem(file, None, None, "file not found")]
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows = [[cell.strip() for cell in row] for row in csv.reader(handle)]
    except OSError as error:
        return None, [Problem(file, None, None, f"can't read the file: {error.strerror}")]
    except UnicodeDecodeError as error:
        return None, [Problem(file, None, None, f"expected UTF-8 text ({error.reason})")]
    except csv.Error as error:
        return None, [Problem(file, None, None, f"expected comma-separated values: {error}")]
    if not rows:
        return None, [Problem(file, None, None, "the file is empty; expected a header row")]
    return rows, []


def read_advice_csv(path: Path | str) -> tuple[list[AdviceRow], list[Problem]]:
    """Read an ``advice.csv`` (columns in any order, names trimmed and case-insensitive).

    Parameters
    ----------
    path
        The file; problems name it as given here.

    Returns
    -------
    tuple[list[AdviceRow], list[Problem]]
        The rows that could be read, by rank, and every problem found: a missing column, an
        unreadable or empty cell, a rank given twice. The advice must not be shown when
        problems are returned. A file with the header only holds no advice (no change helps).
    """
    path = Path(path)
    file = str(path)
    rows, problems = _rows(path, file)
    if rows is None:
        return [], problems
    where = {name.lower(): i for i, name in reversed(list(enumerate(rows[0])))}
    missing = [c for c in ADVICE_COLUMNS if c not in where]
    if missing:
        return [], [Problem(file, 1, c, f"missing required column {c!r}") for c in missing]
    found: list[AdviceRow] = []
    ranks: dict[int, int] = {}
    for offset, row in enumerate(rows[1:]):
        if not any(row):
            continue  # a blank line
        number = offset + 2  # the header is row 1
        cells = {c: row[where[c]] if where[c] < len(row) else "" for c in ADVICE_COLUMNS}
        advice, row_problems = _advice_row(file, number, cells)
        problems.extend(row_problems)
        if advice is None:
            continue
        if advice.rank in ranks:
            message = f"rank {advice.rank} is given twice (also on row {ranks[advice.rank]})"
            problems.append(Problem(file, number, "rank", message))
            continue
        ranks[advice.rank] = number
        found.append(advice)
    return sorted(found, key=lambda a: a.rank), problems


def read_advice_file(path: Path | str) -> tuple[AdviceRow, ...]:
    """The rows of ``advice.csv`` by rank (:func:`read_advice_csv`), or an error.

    Parameters
    ----------
    path
        An ``advice.csv`` written by ``planner advise``.

    Returns
    -------
    tuple[AdviceRow, ...]
        The advice, best first.

    Raises
    ------
    AdviceFileError
        If the file is missing or any part of it can't be read.
    """
    rows, problems = read_advice_csv(path)
    if problems:
        raise AdviceFileError(problems)
    return tuple(rows)


__all__ = [
    "ADVICE_COLUMNS",
    "AdviceFileError",
    "AdviceRow",
    "read_advice_csv",
    "read_advice_file",
]
