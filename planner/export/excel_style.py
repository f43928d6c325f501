"""Shared cell writing and styling of the Excel workbook.

Every value goes into a cell through :func:`put`, which escapes formula-looking text, so no path
through the workbook code can store a client's name as a formula.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from copy import copy
from typing import Any

from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from planner.export.safe import escape_formula
from planner.scenario.types import Scenario

# Pastel fills that keep black text readable; treatments take them in scenario order.
PALETTE = (
    "BFD7EA",
    "FFD8A8",
    "C3E6CB",
    "F5C6CB",
    "D6C8F0",
    "FFF3B0",
    "B8E0E0",
    "F0C8E0",
    "D9D9A0",
    "C8D8F8",
)
HEADER_FILL = PatternFill("solid", fgColor="D9D9D9")
OFF_SHIFT_FILL = PatternFill("solid", fgColor="EEEEEE")
HEADER_FONT = Font(bold=True)
THIN = Side(style="thin", color="999999")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="top")

_SHEET_FORBIDDEN = str.maketrans({c: "_" for c in "[]:*?/\\"})
_SHEET_MAX = 31


class Restyler:
    """Sets style attributes on many cells of one workbook, fast.

    openpyxl looks every style object up in the workbook's tables (hashing it deeply) on each
    assignment: a day sheet of a busy month would spend most of its time there. The outcome of
    each (style the cell had, change) is remembered and copied to the next cell instead.
    """

    def __init__(self) -> None:
        self._outcomes: dict[tuple[Any, ...], tuple[Any, Any]] = {}

    def set(self, cell: Cell, **styles: Any) -> None:
        """Give ``cell`` the style attributes ``styles`` (font, fill, border, alignment)."""
        before = tuple(cell._style) if cell._style else ()  # a new cell has no style yet
        key = (before, *((name, id(value)) for name, value in styles.items()))
        known = self._outcomes.get(key)
        if known is None:
            for name, value in styles.items():
                setattr(cell, name, value)
            # The values are kept with the outcome, so their ids are never reused meanwhile.
            self._outcomes[key] = (copy(cell._style), styles)
        else:
            cell._style = copy(known[0])


def put(sheet: Worksheet, row: int, column: int, value: str | int | float | None) -> Cell:
    """Write ``value`` into a cell; text is escaped against formulas and stays a text cell."""
    cell = sheet.cell(row=row, column=column)
    if isinstance(value, str):
        cell.value = escape_formula(value)
        cell.data_type = "s"
    else:
        cell.value = value
    return cell


def write_table(
    sheet: Worksheet,
    header: Sequence[str],
    rows: Iterable[Sequence[str | int | float | None]],
    widths: Sequence[int] | None = None,
) -> int:
    """Write a header row and data rows from A1, with a filter and a frozen header.

    Returns
    -------
    int
        The number of data rows written.
    """
    for column, title in enumerate(header, start=1):
        cell = put(sheet, 1, column, title)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
    count = 0
    for count, row in enumerate(rows, start=1):
        for column, value in enumerate(row, start=1):
            put(sheet, count + 1, column, value)
    sheet.freeze_panes = "A2"
    last = get_column_letter(len(header))
    sheet.auto_filter.ref = f"A1:{last}{count + 1}"
    for column, width in enumerate(widths or (), start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    return count


def treatment_fills(scenario: Scenario) -> dict[str, PatternFill]:
    """A fill colour per treatment id, stable for a scenario."""
    return {
        t.id: PatternFill("solid", fgColor=PALETTE[i % len(PALETTE)])
        for i, t in enumerate(scenario.treatments)
    }


class SheetNames:
    """Hands out valid, unique worksheet names (Excel compares them case-insensitively)."""

    def __init__(self) -> None:
        self._taken: set[str] = set()

    def claim(self, wanted: str) -> str:
        base = wanted.translate(_SHEET_FORBIDDEN).strip().strip("'") or "Sheet"
        candidate = base[:_SHEET_MAX]
        number = 2
        while candidate.lower() in self._taken:
            suffix = f" ({number})"
            candidate = base[: _SHEET_MAX - len(suffix)] + suffix
            number += 1
        self._taken.add(candidate.lower())
        return candidate
