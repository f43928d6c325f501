"""Typed reading of one variant's values, every problem pinned to its line and key."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import fields
from datetime import date
from pathlib import Path
from typing import Any

from planner.scenario.settings import toml_date
from planner.scenario.timeaxis import parse_clock
from planner.scenario.types import Weights
from planner.whatif.changes import Dated, Ref
from planner.whatif.errors import VariantProblem
from planner.whatif.locate import Locator

# Variant keys and what each one takes (the text is shown when a key is unknown or wrong).
VARIANT_KEYS: dict[str, str] = {
    "description": "a text",
    "scenario": "the path of a whole scenario folder",
    "settings": "a table of settings (turnover_minutes, client_max_sessions_per_day, ...)",
    "opening_hours": 'a table of weekday = "HH:MM-HH:MM" or "closed" (and default)',
    "close_dates": "a list of dates",
    "open_dates": "a list of closed dates to open",
    "add_rooms": "a list of tables {room_id, name, equipment}",
    "remove_rooms": "a list of room ids",
    "close_rooms": "a list of tables {room_id, date, start, end}",
    "add_therapists": "a list of tables {therapist_id, name, specialties, ...}",
    "remove_therapists": "a list of therapist ids",
    "remove_shifts": "a list of tables {therapist_id, date, start, end}",
    "add_shifts": "a list of tables {therapist_id, date, start, end}",
    "add_clients": "the path of a CSV file in the clients.csv format",
    "add_courses": "the path of a CSV file in the courses.csv format",
    "remove_courses": "a list of course ids, or the path of a CSV file with a course_id column",
    "priorities": "a table of course_id = priority (1-5)",
    "add_specialties": "a list of tables {therapist_id, specialties}",
    "add_room_days": "a list of tables {room_id, name, equipment, date}",
    "extend_opening": 'a list of tables {date, start = "HH:MM", end = "HH:MM"}',
}
# setting -> (lowest value, fractions allowed)
SETTING_KEYS: dict[str, tuple[int, bool]] = {
    "turnover_minutes": (0, False),
    "client_max_sessions_per_day": (1, False),
    "assessment_minutes": (0, False),
    "slot_minutes": (1, False),
    "time_limit_seconds": (0, True),
}
WEIGHT_KEYS = tuple(f.name for f in fields(Weights))


def unknown_key(key: str, known: Iterable[str]) -> str:
    close = difflib.get_close_matches(key, list(known), n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    return f"unknown key {key!r}{hint}; expected one of: {', '.join(sorted(known))}"


class Reader:
    """Typed reading of one variant's values; problems go to the shared list."""

    def __init__(
        self, file: str, root: Path, locator: Locator, problems: list[VariantProblem], name: str
    ) -> None:
        self.file = file
        self.root = root
        self.locator = locator
        self.problems = problems
        self.name = name
        self.ok = True

    def line(self, key: str, value: str | None = None) -> int | None:
        if value is None:
            return self.locator.key_line(self.name, key)
        return self.locator.value_line(self.name, key, value)

    def fail(self, key: str, message: str, value: str | None = None) -> None:
        self.problems.append(
            VariantProblem(self.file, self.line(key, value), self.name, key, message)
        )
        self.ok = False

    def text(self, key: str, value: object) -> str | None:
        if isinstance(value, str) and value.strip():
            return value.strip()
        self.fail(key, f"expected a non-empty text, got {value!r}")
        return None

    def ids(self, key: str, value: object) -> tuple[Ref, ...]:
        if not isinstance(value, list):
            self.fail(key, f"expected {VARIANT_KEYS[key]}, got {value!r}")
            return ()
        out = []
        for item in value:
            if isinstance(item, str) and item.strip():
                out.append(Ref(item.strip(), self.line(key, item.strip())))
            else:
                self.fail(key, f"expected an id (a text), got {item!r}")
        return tuple(out)

    def date(self, key: str, value: object, at: str | None = None) -> date | None:
        found = toml_date(value)
        if found is None:
            self.fail(key, f"expected a date YYYY-MM-DD, got {value!r}", at)
        return found

    def dates(self, key: str, value: object) -> tuple[Dated, ...]:
        if not isinstance(value, list):
            self.fail(key, f"expected a list of dates, got {value!r}")
            return ()
        found = ((self.date(key, item), item) for item in value)
        return tuple(Dated(on, self.line(key, str(raw))) for on, raw in found if on is not None)

    def clock(self, key: str, value: object, at: str, *, is_end: bool) -> int | None:
        try:
            if not isinstance(value, str):
                raise ValueError
            minute = parse_clock(value)
            if minute == 24 * 60 and not is_end:
                raise ValueError
            return minute
        except ValueError:
            allowed = "00:00 to 24:00" if is_end else "00:00 to 23:59"
            self.fail(key, f"expected a time HH:MM ({allowed}), got {value!r}", at)
            return None

    def items(self, key: str, value: object, at: str) -> frozenset[str] | None:
        """A list of names: a TOML array of texts or one ``;``-separated text."""
        if isinstance(value, str):
            return frozenset(v.strip().lower() for v in value.split(";") if v.strip())
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return frozenset(v.strip().lower() for v in value if v.strip())
        self.fail(key, f"expected a list of names, got {value!r}", at)
        return None

    def whole(self, key: str, value: object, low: int, at: str | None = None) -> int | None:
        if isinstance(value, bool) or not isinstance(value, int) or value < low:
            self.fail(key, f"expected a whole number of at least {low}, got {value!r}", at)
            return None
        return value

    def table(self, key: str, value: object) -> dict[str, Any] | None:
        """``value`` as a TOML table, or None with an error saying what ``key`` takes."""
        if isinstance(value, dict):
            return value
        self.fail(key, f"expected {VARIANT_KEYS[key]}, got {value!r}")
        return None

    def tables(self, key: str, value: object) -> list[dict[str, Any]]:
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            self.fail(key, f"expected {VARIANT_KEYS[key]}, got {value!r}")
            return []
        return list(value)

    def check_keys(self, key: str, table: dict[str, Any], known: tuple[str, ...], at: str) -> None:
        for item in table:
            if item not in known:
                self.fail(key, unknown_key(item, known), at)

    def path(self, key: str, value: object, *, folder: bool) -> Path | None:
        text = self.text(key, value)
        if text is None:
            return None
        path = (self.root / text).resolve()
        if folder and not path.is_dir():
            self.fail(key, f"expected a scenario folder, but {text!r} is not a folder ({path})")
        elif not folder and not path.is_file():
            self.fail(key, f"expected a CSV file, but {text!r} is not a file ({path})")
        else:
            return path
        return None
