"""Mutations of a written scenario folder that the contract says change nothing.

The contract fixes the folder's text loosely: free column order, column names matched after
trimming spaces and case-insensitively, a tolerated byte-order mark, RFC 4180 quoting, empty cells
for defaults, optional files left out, a space instead of ``T`` in date-times, condition names
and rules in any case, ``closed_dates`` at the top level, opening hours through ``default``. A
folder changed that way must load to the same scenario (up to the order of rows, and the row
numbers of pins): :func:`mutate_files` rewrites a folder's files so, from a seed, and names the
mutations it made.
"""

from __future__ import annotations

import csv
import io
import random
import tomllib
from collections import Counter
from collections.abc import Callable
from typing import Any

import tomli_w

from planner.scenario.rows import ALL_SPECS

# Per file: column -> the contract's default, written as the text an empty cell stands for.
DEFAULT_CELLS: dict[str, dict[str, str]] = {
    "therapists.csv": {"max_sessions_per_day": "6"},
    "treatments.csv": {"intensity": "gentle", "min_gap_hours": "24"},
    "courses.csv": {"priority": "1", "needs_assessment": "yes"},
    "client_availability.csv": {"kind": "available"},
    "client_conditions.csv": {"cleared": "no"},
}
# Per file: the id column whose value an empty ``name`` defaults to.
NAMED = {"therapists.csv": "therapist_id", "rooms.csv": "room_id", "treatments.csv": "treatment_id",
         "clients.csv": "client_id"}  # fmt: skip
DATETIME_COLUMNS = {
    "courses.csv": ("earliest", "latest", "last_session_end"),
    "pinned.csv": ("start",),
}
OPTIONAL = ("room_closures.csv", "client_conditions.csv", "client_availability.csv", "pinned.csv")
TOML_DEFAULTS = {"slot_minutes": 15, "turnover_minutes": 15, "assessment_minutes": 15, "days": 7,
                 "client_max_sessions_per_day": 1}  # fmt: skip

# The contract's own columns; a spa's extra columns (clients' phone numbers) keep their spelling.
CONTRACT_COLUMNS = frozenset(c for spec in ALL_SPECS for c in (*spec.required, *spec.optional))

Table = tuple[list[str], list[list[str]]]


def _read(text: str) -> Table:
    rows = list(csv.reader(io.StringIO(text)))
    return rows[0], rows[1:]


def _write(table: Table, rng: random.Random, applied: set[str]) -> str:
    header, rows = table
    buffer = io.StringIO()
    quote_all = rng.random() < 0.3
    if quote_all:
        applied.add("quoted_cells")
    ending = "\n"
    if rng.random() < 0.3:
        ending = "\r\n"
        applied.add("crlf")
    if quote_all:
        csv.writer(buffer, quoting=csv.QUOTE_ALL, lineterminator=ending).writerows([header, *rows])
    else:
        csv.writer(buffer, lineterminator=ending).writerows([header, *rows])
    text = buffer.getvalue()
    if rng.random() < 0.2:
        applied.add("byte_order_mark")
        text = "\ufeff" + text
    return text


def _shuffle_columns(rng: random.Random, table: Table) -> Table:
    header, rows = table
    order = list(range(len(header)))
    rng.shuffle(order)
    return [header[i] for i in order], [[row[i] for i in order] for row in rows]


def _messy_header(rng: random.Random, table: Table) -> Table:
    header, rows = table
    styles: list[Callable[[str], str]] = [str.upper, str.title, lambda c: f" {c}  "]
    return [rng.choice(styles)(c) if c in CONTRACT_COLUMNS else c for c in header], rows


def _respell(name: str, rng: random.Random, table: Table, applied: set[str]) -> Table:
    """Empty cells where the value is the default, a space in date-times, conditions and rules
    in upper or title case, list items in another order."""
    header, rows = table[0], [list(r) for r in table[1]]
    index = {column: i for i, column in enumerate(header)}
    for row in rows:
        for column, default in DEFAULT_CELLS.get(name, {}).items():
            if column in index and row[index[column]] == default and rng.random() < 0.5:
                row[index[column]] = ""
                applied.add("default_cells")
        id_column = NAMED.get(name)
        if id_column and "name" in index and row[index["name"]] == row[index[id_column]]:
            row[index["name"]] = ""
        for column in DATETIME_COLUMNS.get(name, ()):
            if column in index and row[index[column]] and rng.random() < 0.5:
                row[index[column]] = row[index[column]].replace("T", " ")
                applied.add("space_in_datetime")
        for column in ("condition", "rule"):
            if column in index and rng.random() < 0.3:
                row[index[column]] = rng.choice((str.upper, str.title))(row[index[column]])
                applied.add("condition_case")
        for column in ("equipment", "specialties"):
            if column in index and name != "treatments.csv":
                items = row[index[column]].split(";")
                rng.shuffle(items)
                row[index[column]] = ";".join(items)
    return header, rows


def _toml(text: str, rng: random.Random, applied: set[str]) -> str:
    data: dict[str, Any] = tomllib.loads(text)
    opening = data.get("opening_hours", {})
    if rng.random() < 0.5 and opening.get("closed_dates"):
        data["closed_dates"] = opening.pop("closed_dates")
        applied.add("top_level_closed_dates")
    weekdays = [k for k in ("mon", "tue", "wed", "thu", "fri", "sat", "sun") if k in opening]
    # Folding the weekdays into a default means the same only when every weekday is listed.
    if len(weekdays) == 7 and rng.random() < 0.5:
        common, _ = Counter(opening[k] for k in weekdays).most_common(1)[0]
        for key in weekdays:
            if opening[key] == common:
                del opening[key]
        if common != "09:00-21:00" or rng.random() < 0.5:
            opening["default"] = common
        applied.add("default_opening_hours")
    elif "default" in opening and rng.random() < 0.5:
        # The other way round: every weekday written out, the default then stands for none.
        for key in ("mon", "tue", "wed", "thu", "fri", "sat", "sun"):
            opening.setdefault(key, opening["default"])
        del opening["default"]
        applied.add("default_opening_hours")
    for key, value in TOML_DEFAULTS.items():
        if data.get(key) == value and rng.random() < 0.5:
            del data[key]
            applied.add("default_settings")
    return tomli_w.dumps(data)


def mutate_files(
    rng: random.Random, files: dict[str, str]
) -> tuple[dict[str, str | None], tuple[str, ...]]:
    """The folder's files (name -> text; None = delete the file) after random mutations.

    Parameters
    ----------
    rng
        The random generator that picks the mutations.
    files
        Every file of a folder written by :func:`planner.scenario.write.write_scenario_folder`.

    Returns
    -------
    tuple[dict[str, str | None], tuple[str, ...]]
        The new files and the names of the mutations applied, sorted.
    """
    applied: set[str] = set()
    out: dict[str, str | None] = {}
    for name, text in files.items():
        if name == "scenario.toml":
            out[name] = _toml(text, rng, applied)
            continue
        table = _read(text)
        if name in OPTIONAL and not table[1] and rng.random() < 0.7:
            out[name] = None
            applied.add("optional_file_left_out")
            continue
        if rng.random() < 0.6:
            table = _shuffle_columns(rng, table)
            applied.add("column_order")
        table = _respell(name, rng, table, applied)
        if rng.random() < 0.4:
            table = _messy_header(rng, table)
            applied.add("header_case_and_spaces")
        out[name] = _write(table, rng, applied)
    return out, tuple(sorted(applied))
