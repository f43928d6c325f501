"""Reading the scenario's CSV files into plain rows of text, every problem pinned to a cell.

This module knows the contract's CSV conventions (UTF-8 with a tolerated byte-order mark, free
column order, column names matched after trimming spaces and case-insensitively, unknown
columns ignored with a warning, empty cell = "not given") and nothing about what the columns
mean: :mod:`planner.scenario.rows` turns the rows into domain objects.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from planner.scenario.errors import Problem, Severity
from planner.scenario.hints import closest


class Problems:
    """Collects every problem found while loading, in the order found."""

    def __init__(self) -> None:
        self.items: list[Problem] = []

    def error(
        self, file: str, row: int | None, column: str | None, message: str, code: str = ""
    ) -> None:
        """Record an error: the scenario can't be used as it is."""
        self.items.append(Problem(file, row, column, message, Severity.ERROR, code))

    def warn(self, file: str, row: int | None, column: str | None, message: str) -> None:
        """Record a warning: the scenario loads, but something is probably not meant."""
        self.items.append(Problem(file, row, column, message, Severity.WARNING))

    @property
    def errors(self) -> list[Problem]:
        """The errors found so far."""
        return [p for p in self.items if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        """The warnings found so far."""
        return [p for p in self.items if p.severity is Severity.WARNING]


@dataclass(frozen=True)
class TableSpec:
    """The columns one CSV file of the contract has, in the contract's order.

    The loader reads by these columns and the scenario writer writes them, so the two can't
    disagree. ``optional`` columns may be left out of a file; ``keep_extra`` keeps unknown
    columns (in :attr:`Row.extra`) instead of warning about them: ``clients.csv`` may carry
    any contact columns the spa likes.
    """

    file: str
    required_file: bool
    columns: tuple[str, ...]
    optional: frozenset[str] = frozenset()
    keep_extra: bool = False

    @property
    def required(self) -> tuple[str, ...]:
        """The columns every file of this kind must have, in the contract's order."""
        return tuple(c for c in self.columns if c not in self.optional)


@dataclass(frozen=True)
class Row:
    """One data row: ``number`` counts the header as row 1; cells are stripped text by column."""

    number: int
    cells: dict[str, str]
    extra: tuple[tuple[str, str], ...] = ()

    def get(self, column: str) -> str:
        """Stripped text of ``column``; empty when the cell (or the optional column) is absent."""
        return self.cells.get(column, "")


@dataclass
class Table:
    """The rows of one file; ``usable`` is False if the file is absent or its structure is broken.

    Cross-file checks skip references into an unusable table, so that one broken file does not
    bury its real problem under a flood of "unknown id" errors elsewhere.
    """

    file: str
    present: bool = False
    usable: bool = False
    rows: list[Row] = field(default_factory=list)


_EXPECTED_FIELDS = re.compile(r"Expected (\d+) fields in line (\d+), saw (\d+)")
_EOF_IN_STRING = re.compile(r"EOF inside string starting at row (\d+)")


def _bad_byte_row(raw: bytes, position: int) -> int:
    """Row (header = 1) of the record holding the first non-UTF-8 byte at ``position``."""
    prefix = raw[:position].decode("utf-8-sig", errors="replace")
    try:
        records = list(csv.reader(io.StringIO(prefix, newline="")))
    except csv.Error:  # the broken text before the byte: count its lines instead
        return prefix.count("\n") + 1
    if not prefix or prefix.endswith(("\n", "\r")):
        return len(records) + 1
    return max(1, len(records))


def decode(raw: bytes, file: str, problems: Problems) -> str | None:
    """UTF-8 text of ``raw`` (a leading byte-order mark dropped), or None with an error."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        row = _bad_byte_row(raw, exc.start)
        problems.error(
            file,
            row,
            None,
            f"the file is not UTF-8 text (byte 0x{raw[exc.start]:02x} in this row); "
            "save it as CSV UTF-8",
        )
        return None


def _delimiter(text: str, file: str, problems: Problems) -> str:
    """``;`` for a file whose header has semicolons and no comma (a European spreadsheet's
    default CSV), with a warning; ``,`` otherwise (planner's extension of the contract)."""
    header = text.lstrip("\r\n").splitlines()[0] if text.strip() else ""
    if "," in header or ";" not in header:
        return ","
    problems.warn(
        file,
        None,
        None,
        "the file is semicolon-separated, not comma-separated (a European spreadsheet's "
        "default); it was read as such: a cell holding a list must be quoted (to silence this, "
        "save it as CSV UTF-8, comma-separated)",
    )
    return ";"


def _parse_grid(
    text: str, file: str, problems: Problems, delimiter: str = ","
) -> list[list[str]] | None:
    """Every record of ``text`` as a list of cells, or None with an error."""
    try:
        frame = pd.read_csv(
            io.StringIO(text),
            sep=delimiter,
            header=None,
            dtype=str,
            keep_default_na=False,
            skip_blank_lines=False,
        )
    except pd.errors.EmptyDataError:
        problems.error(file, None, None, "the file is empty; expected a header row of column names")
        return None
    except pd.errors.ParserError as exc:
        message = str(exc)
        if found := _EXPECTED_FIELDS.search(message):
            hint = (
                "quote cells that contain commas"
                if delimiter == ","
                else "the file is read as semicolon-separated: quote a cell that holds a list "
                "(a;b), or save the file as CSV UTF-8, comma-separated"
            )
            problems.error(
                file,
                int(found.group(2)),
                None,
                f"this row has {found.group(3)} cells but the header has {found.group(1)}; "
                f"expected one cell per column ({hint})",
            )
        elif found := _EOF_IN_STRING.search(message):
            problems.error(
                file,
                int(found.group(1)) + 1,
                None,
                'a quoted cell opened in this row is never closed; expected a closing "',
            )
        else:
            problems.error(file, None, None, f"the file is not valid CSV: {message}")
        return None
    return [["" if pd.isna(cell) else str(cell) for cell in record] for record in frame.to_numpy()]


def _unknown_column(raw_name: str, absent: list[str], spec: TableSpec, problems: Problems) -> None:
    """Warn about a column the contract does not know; loudly when it looks like a misspelt
    column of the file, saying what is lost (a required one is an error of its own)."""
    meant = closest(raw_name.lower(), absent)
    if meant is None:
        if not spec.keep_extra:
            known = ", ".join(spec.columns)
            problems.warn(spec.file, 1, raw_name, f"unknown column is ignored (known: {known})")
        return
    if meant in spec.required:
        return  # the missing column's error names this one
    what = "kept as a contact column" if spec.keep_extra else "ignored"
    problems.warn(
        spec.file,
        1,
        raw_name,
        f"unknown column is {what} (did you mean {meant!r}?): every row of {spec.file} is "
        f"read without its {meant}",
    )


def _missing_column(name: str, unknown: list[str], spec: TableSpec, problems: Problems) -> None:
    """The error for a missing required column, naming a header that looks like its typo."""
    by_lower = {n.lower(): n for n in unknown}
    meant = closest(name, by_lower)
    hint = "" if meant is None else f" (is column {by_lower[meant]!r} meant to be it?)"
    problems.error(spec.file, 1, name, f"required column is missing{hint}")


def _header_positions(
    header: list[str], spec: TableSpec, problems: Problems
) -> tuple[dict[str, int], list[tuple[str, int]]] | None:
    """Known column -> position and the kept extra columns, or None if a column is missing."""
    known: dict[str, int] = {}
    extra: list[tuple[str, int]] = []
    unknown: list[str] = []
    ok = True
    for position, raw_name in enumerate(header):
        name = raw_name.strip().lower()
        if not name:
            problems.warn(spec.file, 1, None, f"column {position + 1} has no name; it is ignored")
        elif name in known or name in (n for n, _ in extra):
            problems.error(
                spec.file, 1, name, "this column appears twice; expected each column once"
            )
            ok = False
        elif name in spec.columns:
            known[name] = position
        else:
            unknown.append(raw_name.strip())
            if spec.keep_extra:
                extra.append((raw_name.strip(), position))
    absent = [c for c in spec.columns if c not in known]
    for raw_name in unknown:
        _unknown_column(raw_name, absent, spec, problems)
    for name in spec.required:
        if name not in known:
            _missing_column(name, unknown, spec, problems)
            ok = False
    return (known, extra) if ok else None


def parse_table(text: str, spec: TableSpec, problems: Problems) -> Table:
    """Rows of a CSV text per ``spec``; structural problems go to ``problems``."""
    table = Table(spec.file, present=True)
    grid = _parse_grid(text, spec.file, problems, _delimiter(text, spec.file, problems))
    if grid is None:
        return table
    if not grid or not any(cell.strip() for cell in grid[0]):
        problems.error(spec.file, 1, None, "expected a header row of column names")
        return table
    positions = _header_positions(grid[0], spec, problems)
    if positions is None:
        return table
    known, extra = positions
    for index, record in enumerate(grid[1:], start=2):
        if not any(cell.strip() for cell in record):
            continue  # blank lines (and rows of empty cells) carry nothing
        cells = {name: record[pos].strip() for name, pos in known.items()}
        kept = tuple((name, record[pos].strip()) for name, pos in extra)
        table.rows.append(Row(index, cells, kept))
    table.usable = True
    return table


def read_table(folder: Path, spec: TableSpec, problems: Problems) -> Table:
    """Read ``spec.file`` from ``folder``; an absent optional file gives an empty usable table."""
    path = folder / spec.file
    if not path.exists():
        if spec.required_file:
            problems.error(spec.file, None, None, "required file is missing from the scenario")
            return Table(spec.file)
        return Table(spec.file, present=False, usable=True)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        problems.error(spec.file, None, None, f"the file can't be read: {exc.strerror or exc}")
        return Table(spec.file)
    text = decode(raw, spec.file, problems)
    if text is None:
        return Table(spec.file, present=True)
    return parse_table(text, spec, problems)
