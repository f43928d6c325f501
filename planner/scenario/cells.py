"""Typed reading of one CSV row's cells, each bad cell reported with file, row and column.

A :class:`Cells` reader never raises: a bad cell becomes an error in the shared
:class:`~planner.scenario.csvread.Problems` and clears :attr:`Cells.ok`, so the caller skips the
row but loading goes on and reports every other problem too.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from typing import TypeVar

from planner.scenario.csvread import Problems, Row
from planner.scenario.timeaxis import (
    MINUTES_PER_DAY,
    minutes_at,
    parse_clock,
    parse_date,
    parse_datetime,
)

T = TypeVar("T")

YES_NO: dict[str, bool] = {"yes": True, "no": False}


def _int_range_text(low: int | None, high: int | None) -> str:
    if low is not None and high is not None:
        return f"a whole number from {low} to {high}"
    if low is not None:
        return f"a whole number of at least {low}"
    return "a whole number"


class Cells:
    """Reads the cells of ``row`` of ``file``; ``horizon_start`` places dates on the time axis."""

    def __init__(self, file: str, row: Row, problems: Problems, horizon_start: dt.date) -> None:
        self.file = file
        self.row = row
        self.problems = problems
        self.horizon_start = horizon_start
        self.ok = True

    def fail(self, column: str | None, message: str) -> None:
        """Report an error in this row and mark the row as unusable."""
        self.problems.error(self.file, self.row.number, column, message)
        self.ok = False

    def warn(self, column: str | None, message: str) -> None:
        """Report a warning about this row."""
        self.problems.warn(self.file, self.row.number, column, message)

    def _missing(self, column: str, expected: str) -> None:
        self.fail(column, f"expected {expected}, got an empty cell")

    def text(self, column: str, default: str = "") -> str:
        """The cell's text, or ``default`` when empty."""
        return self.row.get(column) or default

    def required(self, column: str, expected: str) -> str:
        """The cell's text, which must not be empty (``expected`` says what belongs there)."""
        value = self.row.get(column)
        if not value:
            self._missing(column, expected)
        return value

    def ident(self, column: str) -> str:
        """A required identifier (non-empty, case-sensitive)."""
        return self.required(column, "an id")

    def integer(
        self,
        column: str,
        default: int | None = None,
        *,
        low: int | None = None,
        high: int | None = None,
        required: bool = False,
    ) -> int | None:
        """A whole number in ``low..high``; ``default`` when the cell is empty."""
        raw = self.row.get(column)
        expected = _int_range_text(low, high)
        if not raw:
            if required:
                self._missing(column, expected)
            return default
        try:
            value = int(raw)
        except ValueError:
            try:
                as_float = float(raw)
            except ValueError:
                as_float = math.nan
            if not as_float.is_integer():
                self.fail(column, f"expected {expected}, got {raw!r}")
                return default
            value = int(as_float)  # "3.0" as a spreadsheet may write it
        if (low is not None and value < low) or (high is not None and value > high):
            self.fail(column, f"expected {expected}, got {raw!r}")
            return default
        return value

    def number(
        self, column: str, default: float | None = None, *, low: float = 0.0
    ) -> float | None:
        """A finite decimal number of at least ``low``; ``default`` when the cell is empty."""
        raw = self.row.get(column)
        if not raw:
            return default
        expected = f"a number of at least {low:g}"
        try:
            value = float(raw)
        except ValueError:
            self.fail(column, f"expected {expected}, got {raw!r}")
            return default
        if not math.isfinite(value) or value < low:
            self.fail(column, f"expected {expected}, got {raw!r}")
            return default
        return value

    def choice(self, column: str, options: Mapping[str, T], default: T) -> T:
        """One of ``options`` (keys in lower case, compared case-insensitively)."""
        raw = self.row.get(column)
        if not raw:
            return default
        found = options.get(raw.lower())
        if found is None:
            allowed = " or ".join(options)
            self.fail(column, f"expected {allowed}, got {raw!r}")
            return default
        return found

    def items(self, column: str) -> frozenset[str]:
        """A ``;``-separated list, items stripped and empty items dropped."""
        return frozenset(item.strip() for item in self.row.get(column).split(";") if item.strip())

    def date(self, column: str, *, required: bool = True) -> dt.date | None:
        """A ``YYYY-MM-DD`` date, or None (an error if ``required``)."""
        raw = self.row.get(column)
        if not raw:
            if required:
                self._missing(column, "a date YYYY-MM-DD")
            return None
        try:
            return parse_date(raw)
        except ValueError as exc:
            self.fail(column, str(exc))
            return None

    def clock(self, column: str, *, is_end: bool) -> int | None:
        """A required ``HH:MM`` time as minutes of the day; ``24:00`` only as an end."""
        raw = self.row.get(column)
        if not raw:
            self._missing(column, "a time HH:MM")
            return None
        try:
            value = parse_clock(raw)
        except ValueError as exc:
            self.fail(column, str(exc))
            return None
        if value == MINUTES_PER_DAY and not is_end:
            self.fail(
                column, "24:00 is allowed only as an end; expected a start from 00:00 to 23:59"
            )
            return None
        return value

    def datetime(self, column: str, *, required: bool = False) -> int | None:
        """A ``YYYY-MM-DDTHH:MM`` date-time as an axis minute, or None when empty."""
        raw = self.row.get(column)
        if not raw:
            if required:
                self._missing(column, "a date-time YYYY-MM-DDTHH:MM")
            return None
        try:
            return parse_datetime(self.horizon_start, raw)
        except ValueError as exc:
            self.fail(column, str(exc))
            return None

    def period(self) -> tuple[dt.date, int, int] | None:
        """The ``date, start, end`` columns as (date, axis start, axis end) within one day."""
        on = self.date("date")
        start = self.clock("start", is_end=False)
        end = self.clock("end", is_end=True)
        if on is None or start is None or end is None:
            return None
        if end < start:
            self.fail(
                "end",
                f"a period can't cross midnight ({self.row.get('start')}-{self.row.get('end')}); "
                "expected an end after the start on the same day (split it into two rows)",
            )
            return None
        if end == start:
            self.fail("end", f"expected an end after the start {self.row.get('start')}")
            return None
        base = minutes_at(self.horizon_start, on, 0)
        return on, base + start, base + end
