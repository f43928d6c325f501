"""``scenario.toml``: the scenario's settings, with every default of the contract applied.

A bad value is reported (with the line of its key where it can be found) and replaced by its
default, so that the CSV files can still be checked against a usable horizon.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, fields, replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from planner.scenario.csvread import Problems, decode
from planner.scenario.errors import Problem, Severity
from planner.scenario.timeaxis import WEEKDAYS, parse_clock, parse_date
from planner.scenario.types import DEFAULT_OPENING, Settings, Weights

FILE = "scenario.toml"
# The code of the problem that says ``start`` is missing or invalid and which week was assumed:
# what follows from that guess is grouped under it (:func:`planner.scenario.load_scenario`).
START_CODE = "start"

# key -> (lowest allowed value, also accepts a fraction)
_NUMBERS: dict[str, tuple[int, bool]] = {
    "days": (1, False),
    "slot_minutes": (1, False),
    "turnover_minutes": (0, False),
    "assessment_minutes": (0, False),
    "client_max_sessions_per_day": (1, False),
    "time_limit_seconds": (0, True),
}
_TOP_KEYS = {"name", "spa", "start", "closed_dates", "opening_hours", "weights", *_NUMBERS}
_WEIGHT_KEYS = {f.name for f in fields(Weights)}
_OPENING_KEYS = {"default", "closed_dates", *WEEKDAYS}


def next_monday(today: date) -> date:
    """First Monday strictly after ``today`` (the contract's default horizon start)."""
    return today + timedelta(days=7 - today.weekday())


@dataclass
class _Toml:
    """The parsed document and its text, to point problems at the line of a key."""

    data: dict[str, Any]
    lines: list[str]
    problems: Problems

    def line_of(self, key: str, section: str = "") -> int | None:
        """Line number of ``key`` in table ``section`` ("" = top level), if it can be found."""
        current = ""
        pattern = re.compile(rf"^\s*[\"']?{re.escape(key)}[\"']?\s*=", re.IGNORECASE)
        for number, line in enumerate(self.lines, start=1):
            header = re.match(r"^\s*\[\s*([^\]]+?)\s*\]", line)
            if header:
                current = header.group(1).strip("\"' ").lower()
            elif current == section and pattern.match(line):
                return number
        return None

    def error(self, key: str, message: str, section: str = "") -> None:
        where = f"{section}.{key}" if section else key
        self.problems.error(FILE, self.line_of(key, section), where, message)

    def warn(self, key: str, message: str, section: str = "") -> None:
        where = f"{section}.{key}" if section else key
        self.problems.warn(FILE, self.line_of(key, section), where, message)


def toml_date(value: object) -> date | None:
    """A TOML date (``2026-12-07``) or a string holding one; None for anything else.

    A TOML date-time is not a date here: the contract's dates have no time of day.
    """
    if isinstance(value, date) and not hasattr(value, "hour"):
        return value
    if isinstance(value, str):
        try:
            return parse_date(value)
        except ValueError:
            pass
    return None


def _as_date(doc: _Toml, value: object, key: str, section: str = "") -> date | None:
    """A TOML date (``2026-12-07``) or a string holding one."""
    found = toml_date(value)
    if found is None:
        doc.error(key, f"expected a date YYYY-MM-DD, got {value!r}", section)
    return found


def _as_number(doc: _Toml, key: str, value: object) -> float | None:
    low, fractional = _NUMBERS[key]
    kind = "a number" if fractional else "a whole number"
    # A time limit of 0 s would end every solve before it starts.
    strict = key == "time_limit_seconds"
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or not (fractional or float(value).is_integer())
        or value < low
        or (strict and value <= low)
    ):
        bound = f"above {low}" if strict else f"of at least {low}"
        doc.error(key, f"expected {kind} {bound}, got {value!r}")
        return None
    return float(value)


def _opening_range(doc: _Toml, key: str, value: object) -> tuple[int, int] | str | None:
    """``"HH:MM-HH:MM"`` as minutes of the day, None for ``"closed"``, "bad" on error."""
    expected = 'expected "closed" or a period "HH:MM-HH:MM" within one day'
    if not isinstance(value, str):
        doc.error(key, f"{expected}, got {value!r}", "opening_hours")
        return "bad"
    text = value.strip().lower()
    if text == "closed":
        return None
    parts = text.split("-")
    try:
        if len(parts) != 2:
            raise ValueError
        start, end = parse_clock(parts[0]), parse_clock(parts[1])
    except ValueError:
        doc.error(key, f"{expected}, got {value!r}", "opening_hours")
        return "bad"
    if end <= start or start == 24 * 60:
        doc.error(key, f"{expected} (end after start), got {value!r}", "opening_hours")
        return "bad"
    return start, end


def _closed_dates(doc: _Toml, value: object, section: str) -> set[date]:
    if not isinstance(value, list):
        doc.error("closed_dates", f"expected a list of dates, got {value!r}", section)
        return set()
    found = (_as_date(doc, item, "closed_dates", section) for item in value)
    return {d for d in found if d is not None}


def _opening(doc: _Toml, table: object) -> tuple[tuple[tuple[int, int] | None, ...], set[date]]:
    """Opening hours per weekday and the closed dates of ``[opening_hours]``."""
    if not isinstance(table, dict):
        doc.error("opening_hours", "expected a table [opening_hours]")
        return (DEFAULT_OPENING,) * 7, set()
    for key in table:
        if key not in _OPENING_KEYS:
            known = ", ".join(sorted(_OPENING_KEYS))
            doc.warn(key, f"unknown key is ignored (known: {known})", "opening_hours")
    default: tuple[int, int] | None = DEFAULT_OPENING
    if "default" in table:
        found = _opening_range(doc, "default", table["default"])
        default = DEFAULT_OPENING if isinstance(found, str) else found
    week: list[tuple[int, int] | None] = []
    for day in WEEKDAYS:
        found = _opening_range(doc, day, table[day]) if day in table else default
        week.append(default if isinstance(found, str) else found)
    closed = (
        _closed_dates(doc, table["closed_dates"], "opening_hours")
        if "closed_dates" in table
        else set()
    )
    return tuple(week), closed


def _weights(doc: _Toml, table: object) -> Weights:
    if not isinstance(table, dict):
        doc.error("weights", "expected a table [weights]")
        return Weights()
    values: dict[str, int] = {}
    for key, value in table.items():
        if key not in _WEIGHT_KEYS:
            known = ", ".join(sorted(_WEIGHT_KEYS))
            doc.warn(key, f"unknown key is ignored (known: {known})", "weights")
        elif isinstance(value, bool) or not isinstance(value, int) or value < 0:
            doc.error(key, f"expected a whole number of at least 0, got {value!r}", "weights")
        else:
            values[key] = value
    return Weights(**values)


def assumed_week(start: date, days: int = 7) -> str:
    """``Mon 2026-12-14 .. Sun 2026-12-20``: the horizon a guessed ``start`` gives."""
    last = start + timedelta(days=days - 1)
    return f"{start:%a %Y-%m-%d} .. {last:%a %Y-%m-%d}"


def _start(doc: _Toml, today: date) -> date:
    """The horizon's first day; without a valid ``start``, the first Monday after today, said
    in a problem coded :data:`START_CODE` (an error for an invalid value, else a warning)."""
    value = doc.data.get("start")
    start = None if value is None else toml_date(value)
    if start is not None:
        return start
    start = next_monday(today)
    days = doc.data.get("days")
    shown = assumed_week(start, days if isinstance(days, int) and days >= 1 else 7)
    guess = f"the horizon {shown} was assumed (the first Monday after today)"
    if value is None:
        problem = Problem(
            FILE, None, "start", f"scenario.toml has no 'start'; {guess}", Severity.WARNING
        )
    else:
        message = f"scenario.toml's 'start' is invalid (expected a date YYYY-MM-DD, got {value!r})"
        problem = Problem(FILE, doc.line_of("start"), "start", f"{message}; {guess}")
    doc.problems.items.append(replace(problem, code=START_CODE))
    return start


def _parse(doc: _Toml, today: date) -> Settings:
    data = doc.data
    for key in data:
        if key not in _TOP_KEYS:
            doc.warn(key, f"unknown key is ignored (known: {', '.join(sorted(_TOP_KEYS))})")
    start = _start(doc, today)
    values: dict[str, Any] = {"start": start}
    for key in ("name", "spa"):
        if key not in data:
            continue
        if isinstance(data[key], str):
            values[key] = data[key]
        else:
            doc.error(key, f"expected a text, got {data[key]!r}")
    for key in _NUMBERS:
        if key in data and (number := _as_number(doc, key, data[key])) is not None:
            values[key] = number if key == "time_limit_seconds" else int(number)
    opening, closed = _opening(doc, data.get("opening_hours", {}))
    if "closed_dates" in data:
        closed |= _closed_dates(doc, data["closed_dates"], "")
    values["opening_hours"] = opening
    values["closed_dates"] = frozenset(closed)
    values["weights"] = _weights(doc, data.get("weights", {}))
    return Settings(**values)


def _lower_keys(data: dict[str, Any]) -> dict[str, Any]:
    """Keys compared case-insensitively, as the contract's column names are (``Sun = ...``)."""
    return {
        key.lower(): _lower_keys(value) if isinstance(value, dict) else value
        for key, value in data.items()
    }


def read_settings(folder: Path, problems: Problems, today: date | None = None) -> Settings:
    """Settings of ``folder/scenario.toml`` (the file is optional); problems go to ``problems``.

    Parameters
    ----------
    folder
        The scenario folder.
    problems
        Collects errors and warnings; a bad value falls back to its default.
    today
        Today's date, for the default start (the first Monday strictly after it).
    """
    today = today or date.today()
    path = folder / FILE
    text = ""
    if path.exists():
        try:
            decoded = decode(path.read_bytes(), FILE, problems)
        except OSError as exc:
            problems.error(FILE, None, None, f"the file can't be read: {exc.strerror or exc}")
            decoded = None
        text = decoded or ""
    try:
        data = _lower_keys(tomllib.loads(text))
    except tomllib.TOMLDecodeError as exc:
        line = re.search(r"at line (\d+)", str(exc))
        problems.error(FILE, int(line.group(1)) if line else None, None, f"not valid TOML: {exc}")
        data = {}
    return _parse(_Toml(data, text.splitlines(), problems), today)


def read_spa(folder: Path | str) -> str:
    """The spa of the scenario in ``folder``, read cheaply and never failing.

    ``scenario.toml``'s ``spa``, else its ``name``, else the folder's name: what
    :func:`planner.archive.spa_name` gives for the loaded scenario. A missing, unreadable or
    broken file gives the folder's name (the load that follows reports the file's problems).
    A lock is keyed by it before the scenario is loaded.
    """
    folder = Path(folder)
    try:
        data = _lower_keys(tomllib.loads((folder / FILE).read_bytes().decode("utf-8-sig")))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        data = {}
    for key in ("spa", "name"):
        value = data.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return folder.resolve().name
