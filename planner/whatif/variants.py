"""Reading a variants file (TOML) into a list of :class:`~planner.whatif.changes.Variant`.

The file holds one table per variant::

    [variants.olena-ill-tuesday]
    description = "Olena is ill on Tuesday"
    remove_shifts = [{ therapist_id = "t01", date = 2026-12-08 }]

Every problem (bad TOML, unknown key, wrong type) is collected with its line and variant; ids
are checked against the base scenario later, in :mod:`planner.whatif.apply`.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from planner.scenario.timeaxis import WEEKDAYS, parse_clock
from planner.scenario.types import Room, Therapist
from planner.whatif.changes import (
    CsvFile,
    NewRoom,
    NewTherapist,
    Opening,
    Period,
    Priority,
    Ref,
    Setting,
    Variant,
)
from planner.whatif.errors import VariantProblem, VariantsError
from planner.whatif.extra import read_longer_days, read_room_days, read_specialties
from planner.whatif.locate import Locator
from planner.whatif.reader import (
    SETTING_KEYS,
    VARIANT_KEYS,
    WEIGHT_KEYS,
    Reader,
    unknown_key,
)

EXTRA_READERS = {
    "add_specialties": read_specialties,
    "add_room_days": read_room_days,
    "extend_opening": read_longer_days,
}
RESERVED_NAMES = frozenset({"base", "scenario"})
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")


def _period(r: Reader, key: str, value: object, owner: str, *, times: bool) -> tuple[Period, ...]:
    """``[{owner, date, start, end}]``; ``times`` makes start and end required."""
    out = []
    for table in r.tables(key, value):
        at = str(table.get(owner, "")) or None
        r.check_keys(key, table, (owner, "date", "start", "end"), at or key)
        owner_id = table.get(owner)
        if not isinstance(owner_id, str) or not owner_id.strip():
            r.fail(key, f"expected {owner} (an id) in every entry, got {owner_id!r}", at)
            continue
        on = r.date(key, table.get("date"), at)
        has_start, has_end = "start" in table, "end" in table
        if times and not (has_start and has_end):
            r.fail(key, f"expected start and end (HH:MM) for {owner_id!r}", at)
            continue
        if has_start != has_end:
            r.fail(
                key,
                f"expected both start and end, or neither (= the whole day), for {owner_id!r}",
                at,
            )
            continue
        start = end = None
        if has_start:
            start = r.clock(key, table["start"], owner_id, is_end=False)
            end = r.clock(key, table["end"], owner_id, is_end=True)
            if start is not None and end is not None and end <= start:
                r.fail(key, f"expected an end after the start on the same day for {owner_id!r}", at)
                continue
        if on is None or (has_start and (start is None or end is None)):
            continue
        out.append(Period(owner_id.strip(), on, start, end, r.line(key, owner_id.strip())))
    return tuple(out)


def _therapists(r: Reader, value: object) -> tuple[NewTherapist, ...]:
    key = "add_therapists"
    known = (
        "therapist_id",
        "name",
        "specialties",
        "max_sessions_per_day",
        "max_minutes_per_week",
        "max_deep_per_day",
    )
    out = []
    for table in r.tables(key, value):
        at = str(table.get("therapist_id", "")) or key
        r.check_keys(key, table, known, at)
        therapist_id = r.text(key, table.get("therapist_id"))
        specialties = r.items(key, table.get("specialties", ""), at)
        if specialties is not None and not specialties:
            r.fail(key, "expected at least one specialty", at)
            continue
        per_day = r.whole(key, table.get("max_sessions_per_day", 6), 1, at)
        week = table.get("max_minutes_per_week")
        deep = table.get("max_deep_per_day")
        week = None if week is None else r.whole(key, week, 0, at)
        deep = None if deep is None else r.whole(key, deep, 0, at)
        name = table.get("name", therapist_id)
        if (
            therapist_id is None
            or specialties is None
            or per_day is None
            or not isinstance(name, str)
        ):
            continue
        therapist = Therapist(therapist_id, name, specialties, per_day, week, deep)
        out.append(NewTherapist(therapist, r.line(key, therapist_id)))
    return tuple(out)


def _rooms(r: Reader, value: object) -> tuple[NewRoom, ...]:
    key = "add_rooms"
    out = []
    for table in r.tables(key, value):
        at = str(table.get("room_id", "")) or key
        r.check_keys(key, table, ("room_id", "name", "equipment"), at)
        room_id = r.text(key, table.get("room_id"))
        equipment = r.items(key, table.get("equipment", ""), at)
        name = table.get("name", room_id)
        if room_id is None or equipment is None or not isinstance(name, str):
            continue
        out.append(NewRoom(Room(room_id, name, equipment), r.line(key, room_id)))
    return tuple(out)


def _settings(r: Reader, value: object) -> tuple[Setting, ...]:
    key = "settings"
    table = r.table(key, value)
    if table is None:
        return ()
    out = []
    for name, item in table.items():
        if name == "weights" and isinstance(item, dict):
            for weight, number in item.items():
                if weight not in WEIGHT_KEYS:
                    r.fail(key, "in weights: " + unknown_key(weight, WEIGHT_KEYS), weight)
                elif (found := r.whole(key, number, 0, weight)) is not None:
                    out.append(Setting(f"weights.{weight}", found, r.line(key, weight)))
        elif name not in SETTING_KEYS:
            r.fail(key, unknown_key(name, [*SETTING_KEYS, "weights"]), name)
        else:
            low, fraction = SETTING_KEYS[name]
            ok = not isinstance(item, bool) and isinstance(item, int | float) and item >= low
            if not ok or not (fraction or float(item).is_integer()):
                kind = "a number" if fraction else "a whole number"
                r.fail(key, f"{name}: expected {kind} of at least {low}, got {item!r}", name)
                continue
            number = float(item) if fraction else int(item)
            out.append(Setting(name, number, r.line(key, name)))
    return tuple(out)


def _opening(r: Reader, value: object) -> tuple[Opening, ...]:
    key = "opening_hours"
    table = r.table(key, value)
    if table is None:
        return ()
    known = ("default", *WEEKDAYS)
    out: dict[int, Opening] = {}
    # "default" sets all seven days; named weekdays then override it, whatever the order.
    for name in sorted(table, key=lambda k: k != "default"):
        if name not in known:
            r.fail(key, unknown_key(name, known), name)
            continue
        text = table[name]
        hours = _hours(r, key, name, text)
        if hours == "bad":
            continue
        days = range(7) if name == "default" else [WEEKDAYS.index(name)]
        for day in days:
            out[day] = Opening(day, hours if isinstance(hours, tuple) else None, r.line(key, name))
    return tuple(out[day] for day in sorted(out))


def _hours(r: Reader, key: str, name: str, text: object) -> tuple[int, int] | str | None:
    expected = 'expected "closed" or "HH:MM-HH:MM" (end after start)'
    if isinstance(text, str) and text.strip().lower() == "closed":
        return None
    parts = text.split("-") if isinstance(text, str) else []
    try:
        if len(parts) != 2:
            raise ValueError
        start, end = parse_clock(parts[0]), parse_clock(parts[1])
        if end <= start:
            raise ValueError
    except ValueError:
        r.fail(key, f"{name}: {expected}, got {text!r}", name)
        return "bad"
    return start, end


def _priorities(r: Reader, value: object) -> tuple[Priority, ...]:
    key = "priorities"
    table = r.table(key, value)
    if table is None:
        return ()
    out = []
    for course_id, number in table.items():
        ok = isinstance(number, int) and not isinstance(number, bool) and 1 <= number <= 5
        if not ok:
            r.fail(
                key, f"{course_id}: expected a whole number from 1 to 5, got {number!r}", course_id
            )
            continue
        out.append(Priority(course_id, number, r.line(key, course_id)))
    return tuple(out)


def _variant(r: Reader, table: dict[str, Any], line: int | None) -> Variant | None:
    values: dict[str, Any] = {}
    for key, value in table.items():
        if key not in VARIANT_KEYS:
            r.fail(key, unknown_key(key, VARIANT_KEYS))
        elif key == "description":
            values[key] = r.text(key, value) or ""
        elif key == "scenario":
            values["scenario_folder"] = r.path(key, value, folder=True)
        elif key == "settings":
            values[key] = _settings(r, value)
        elif key == "opening_hours":
            values[key] = _opening(r, value)
        elif key in ("close_dates", "open_dates"):
            values[key] = r.dates(key, value)
        elif key == "add_rooms":
            values[key] = _rooms(r, value)
        elif key == "add_therapists":
            values[key] = _therapists(r, value)
        elif key in ("remove_rooms", "remove_therapists"):
            values[key] = r.ids(key, value)
        elif key == "remove_courses" and isinstance(value, str):
            path = r.path(key, value, folder=False)
            values[key] = () if path is None else _course_ids(r, path, r.line(key))
        elif key == "remove_courses":
            values[key] = r.ids(key, value)
        elif key == "close_rooms":
            values[key] = _period(r, key, value, "room_id", times=False)
        elif key == "remove_shifts":
            values[key] = _period(r, key, value, "therapist_id", times=False)
        elif key == "add_shifts":
            values[key] = _period(r, key, value, "therapist_id", times=True)
        elif key in ("add_clients", "add_courses"):
            paths = value if isinstance(value, list) else [value]
            found = [r.path(key, p, folder=False) for p in paths]
            values[key] = tuple(CsvFile(p, r.line(key)) for p in found if p is not None)
        elif key == "priorities":
            values[key] = _priorities(r, value)
        elif key in EXTRA_READERS:
            values[key] = EXTRA_READERS[key](r, value)
    if not r.ok:
        return None
    return Variant(r.name, r.file, line, **values)


def _course_ids(r: Reader, path: Path, line: int | None) -> tuple[Ref, ...]:
    """Course ids of a CSV file's ``course_id`` column (for ``remove_courses``)."""
    import csv

    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    header = [cell.strip().lower() for cell in rows[0]] if rows else []
    if "course_id" not in header:
        r.fail("remove_courses", f"{path.name}: expected a course_id column in the header row")
        return ()
    column = header.index("course_id")
    return tuple(
        Ref(row[column].strip(), line)
        for row in rows[1:]
        if len(row) > column and row[column].strip()
    )


def parse_variants(
    text: str, file: str, root: Path, problems: list[VariantProblem] | None = None
) -> list[Variant]:
    """The variants of a variants file's ``text``.

    Parameters
    ----------
    text
        The TOML text.
    file
        The file's name, for messages.
    root
        Folder that relative paths in the file (scenario folders, CSV files) start from.
    problems
        If given, problems of single variants are added to it and the good variants are
        returned (to check those against the scenario too and report everything at once).

    Raises
    ------
    VariantsError
        With every problem found, each naming the line and variant (only the file's own
        problems, such as bad TOML, when ``problems`` is given).
    """
    collect = problems is not None
    problems = [] if problems is None else problems
    data = _toml(text, file)
    locator = Locator(text)
    tables = _variant_tables(data, locator, file, problems)
    variants = []
    for name, table in tables.items():
        line = locator.variant_line(name)
        reader = Reader(file, root, locator, problems, name)
        if not _NAME.match(name) or name in RESERVED_NAMES:
            reason = "is reserved" if name in RESERVED_NAMES else "can't be a folder name"
            reader.fail("", f"the name {reason}; expected letters, digits, '-', '_' or '.'")
            continue
        if not isinstance(table, dict):
            reader.fail("", f"expected a table [variants.{name}], got {table!r}")
            continue
        variant = _variant(reader, table, line)
        if variant is not None:
            variants.append(variant)
    if problems and not collect:
        raise VariantsError(problems)
    return variants


def _toml(text: str, file: str) -> dict[str, Any]:
    """The TOML document ``text``, or a :class:`VariantsError` naming the line it breaks on."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"at line (\d+)", str(exc))
        line = int(found.group(1)) if found else None
        raise VariantsError(
            [VariantProblem(file, line, "", "", f"not valid TOML: {exc}")]
        ) from None


def _variant_tables(
    data: dict[str, Any], locator: Locator, file: str, problems: list[VariantProblem]
) -> dict[str, Any]:
    """The ``[variants.NAME]`` tables of the document ``data``; any other top-level key is a
    problem, and no variant at all raises :class:`VariantsError` with every problem so far."""
    for key in data:
        if key != "variants":
            line = locator.header_lines.get((key,)) or _top_line(locator, key)
            problems.append(VariantProblem(file, line, "", key, unknown_key(key, ["variants"])))
    tables = data.get("variants", {})
    if not isinstance(tables, dict) or not tables:
        problems.append(
            VariantProblem(
                file,
                None,
                "",
                "variants",
                "expected at least one variant, as a table [variants.NAME]",
            )
        )
        raise VariantsError(problems)
    return tables


def _top_line(locator: Locator, key: str) -> int | None:
    pattern = re.compile(rf"^\s*[\"']?{re.escape(key)}[\"']?\s*=")
    for index, line in enumerate(locator.lines):
        if not locator.table_of[index] and pattern.match(line):
            return index + 1
    return None


def read_variants(path: Path, problems: list[VariantProblem] | None = None) -> list[Variant]:
    """The variants of the variants file at ``path`` (relative paths start at its folder).

    ``problems`` works as in :func:`parse_variants`.

    Raises
    ------
    VariantsError
        If the file can't be read or holds any problem.
    """
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        message = f"the file can't be read as UTF-8 text: {exc}"
        raise VariantsError([VariantProblem(path.name, None, "", "", message)]) from None
    return parse_variants(text, path.name, path.parent.resolve(), problems)
