"""A booking written into the live scenario folder: rows appended, the folder swapped at once.

Only the files a booking changes are touched (``clients.csv``, ``client_availability.csv``,
``courses.csv``, ``pinned.csv``), and in them only rows are appended (or a client's phone cell
set): the manager's column order, extra columns and other rows stay as they were. A column the
new rows need and the file lacks is added with empty cells, which the contract reads as its
default. The changed files go into a copy of the folder (the others hard-linked) that replaces
it in one rename (:func:`planner.plan.publish.publish_folder`), so a kill leaves the old folder
or the new one; :func:`restore_files` puts the old texts back the same way.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from planner.plan.publish import publish_folder
from planner.scenario.csvread import TableSpec

Record = Mapping[str, str]


def _grid(text: str | None, spec: TableSpec, columns: Sequence[str]) -> list[list[str]]:
    """The file's records, header first; a new file gets the contract's columns it needs."""
    if text is None or not text.strip():
        return [[c for c in spec.columns if c in set(spec.required) | set(columns)]]
    records = list(csv.reader(io.StringIO(text.lstrip("\ufeff"), newline="")))
    return [r for r in records if any(cell.strip() for cell in r)] or [list(spec.required)]


def _text(grid: list[list[str]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(grid)
    return buffer.getvalue()


def _positions(header: list[str], grid: list[list[str]], columns: Sequence[str]) -> dict[str, int]:
    """Where each of ``columns`` sits (names compared trimmed and case-blind, as the loader
    reads them); missing ones are added at the end with empty cells."""
    where = {name.strip().lower(): k for k, name in enumerate(header)}
    for column in columns:
        if column not in where:
            where[column] = len(header)
            header.append(column)
            for record in grid[1:]:
                record.append("")
    return where


def append_rows(text: str | None, spec: TableSpec, records: Sequence[Record]) -> str:
    """``text`` (a CSV file of ``spec``, None: absent) with ``records`` appended; an empty
    value adds no column (an empty cell is the contract's default)."""
    given = [{c: v for c, v in record.items() if v} for record in records]
    columns = list(dict.fromkeys(c for record in given for c in record))
    grid = _grid(text, spec, columns)
    header = grid[0]
    where = _positions(header, grid, columns)
    for cells in given:
        row = [""] * len(header)
        for column, value in cells.items():
            row[where[column]] = value
        grid.append(row)
    for line in grid[1:]:
        line.extend([""] * (len(header) - len(line)))
    return _text(grid)


def set_cell(text: str, spec: TableSpec, key: str, column: str, value: str) -> str:
    """``text`` with ``column`` of the row whose first column of ``spec`` is ``key`` set."""
    grid = _grid(text, spec, [column])
    header = grid[0]
    where = _positions(header, grid, [column])
    id_column = where[spec.required[0]]
    for record in grid[1:]:
        record.extend([""] * (len(header) - len(record)))
        if record[id_column].strip() == key:
            record[where[column]] = value
    return _text(grid)


def read_texts(folder: Path, names: Sequence[str]) -> dict[str, str | None]:
    """The text of each named file of ``folder`` (None: absent)."""
    out: dict[str, str | None] = {}
    for name in names:
        path = folder / name
        out[name] = path.read_text(encoding="utf-8-sig") if path.exists() else None
    return out


def replace_files(
    folder: Path,
    texts: Mapping[str, str | None],
    check: Callable[[Path], None] | None = None,
) -> Path:
    """Swap ``folder`` for a copy in which each named file holds its text (None: removed).

    ``check`` is called on the copy before the swap; if it raises, the folder stays as it was.
    """

    def write(staging: Path) -> None:
        for name, text in texts.items():
            if text is not None:
                (staging / name).write_text(text, encoding="utf-8")
        if check is not None:
            check(staging)

    return publish_folder(folder, write, keep=lambda name: name not in texts)


def restore_files(folder: Path, texts: Mapping[str, str | None]) -> None:
    """Put the texts :func:`read_texts` read back into ``folder`` (all at once)."""
    replace_files(folder, texts)


__all__ = ["append_rows", "read_texts", "replace_files", "restore_files", "set_cell"]
