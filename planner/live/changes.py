"""Changes of the staff pattern a manager makes for one day: a therapist off sick, a room closed.

A change is the new text of one scenario file (``shifts.csv`` without the therapist's rows of
that day, ``room_closures.csv`` with a row over the day's opening hours); nothing is written
when it is made. :func:`staged_scenario` loads the scenario as it would be with the change (in a
copy of the folder), so the re-plan of a proposal sees exactly what the loader will read once the
change is written; :func:`write_change` swaps the changed file into the folder at once, checking
that the folder still loads (as ``planner book`` does).
"""

from __future__ import annotations

import csv
import io
import shutil
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from planner.book.files import read_texts, replace_files
from planner.check.pin_check import load_releasing_bookings
from planner.scenario import rows
from planner.scenario.bookings import ReleasedBooking
from planner.scenario.errors import Problem
from planner.scenario.timeaxis import MINUTES_PER_DAY, format_clock
from planner.scenario.types import Scenario

SICK_DAY = "sick day"
ROOM_CLOSED = "room closed"


class ChangeError(ValueError):
    """A change that can't be made; ``field`` names the form field or argument at fault."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


@dataclass(frozen=True)
class ScenarioChange:
    """A change of the scenario folder, not yet written.

    Parameters
    ----------
    kind
        :data:`SICK_DAY` or :data:`ROOM_CLOSED`.
    subject
        The therapist's or the room's id.
    day
        The day it concerns.
    texts
        The new text of each file it changes (file name: text).
    rows
        How many rows it removes (a sick day's shifts) or adds (a closure).
    """

    kind: str
    subject: str
    day: date
    texts: tuple[tuple[str, str], ...]
    rows: int

    def describe(self) -> str:
        """One line in the manager's words (ids only)."""
        if self.kind == SICK_DAY:
            return f"therapist {self.subject} off on {self.day.isoformat()}"
        return f"room {self.subject} closed on {self.day.isoformat()}"


def _day_of(scenario: Scenario, day: date) -> int:
    settings = scenario.settings
    index = (day - settings.start).days
    if not 0 <= index < settings.days:
        last = settings.last_day
        raise ChangeError(
            "day", f"{day.isoformat()} is not a day of this plan ({settings.start} to {last})"
        )
    return index


def _grid(text: str | None) -> list[list[str]]:
    if text is None:
        return []
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff"), newline="")))


def _text(grid: list[list[str]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(grid)
    return buffer.getvalue()


def therapist_off(folder: Path, scenario: Scenario, therapist_id: str, day: date) -> ScenarioChange:
    """The change that takes ``therapist_id`` off for ``day``: their shifts of that date go.

    Raises
    ------
    ChangeError
        If the therapist is unknown, the day lies outside the horizon, or they have no shift
        that day (nothing would change).
    """
    if therapist_id not in {t.id for t in scenario.therapists}:
        raise ChangeError("therapist_id", f"no therapist {therapist_id!r} in this scenario")
    _day_of(scenario, day)
    name = rows.SHIFTS.file
    grid = _grid(read_texts(folder, [name])[name])
    header = [cell.strip().lower() for cell in grid[0]] if grid else []
    if "therapist_id" not in header or "date" not in header:
        raise ChangeError("therapist_id", f"{name} has no therapist_id and date columns")
    who, when = header.index("therapist_id"), header.index("date")

    def goes(record: list[str]) -> bool:
        cells = [c.strip() for c in record]
        return (
            len(cells) > max(who, when)
            and cells[who] == therapist_id
            and cells[when] == day.isoformat()
        )

    kept = [grid[0]] + [r for r in grid[1:] if not goes(r)]
    removed = len(grid) - len(kept)
    if removed == 0:
        raise ChangeError(
            "day", f"therapist {therapist_id} has no shift on {day.isoformat()}: nothing to change"
        )
    return ScenarioChange(SICK_DAY, therapist_id, day, ((name, _text(kept)),), removed)


def room_closed(folder: Path, scenario: Scenario, room_id: str, day: date) -> ScenarioChange:
    """The change that closes ``room_id`` for ``day``'s opening hours (a row of
    ``room_closures.csv``).

    Raises
    ------
    ChangeError
        If the room is unknown, the day lies outside the horizon or the spa is closed that day.
    """
    if room_id not in {r.id for r in scenario.rooms}:
        raise ChangeError("room_id", f"no room {room_id!r} in this scenario")
    index = _day_of(scenario, day)
    opening = scenario.settings.opening(index)
    if opening is None:
        raise ChangeError("day", f"the spa is closed on {day.isoformat()}: nothing to change")
    base = index * MINUTES_PER_DAY
    name = rows.ROOM_CLOSURES.file
    grid = _grid(read_texts(folder, [name])[name])
    if not any(any(cell.strip() for cell in record) for record in grid):
        grid = [list(rows.ROOM_CLOSURES.columns)]
    header = [cell.strip().lower() for cell in grid[0]]
    values = {
        "room_id": room_id,
        "date": day.isoformat(),
        "start": format_clock(opening[0] - base),
        "end": format_clock(opening[1] - base),
    }
    if any(column not in header for column in values):
        raise ChangeError("room_id", f"{name} lacks one of the columns {', '.join(values)}")
    record = [""] * len(header)
    for column, value in values.items():
        record[header.index(column)] = value
    grid = [r for r in grid if any(cell.strip() for cell in r)] + [record]
    return ScenarioChange(ROOM_CLOSED, room_id, day, ((name, _text(grid)),), 1)


def staged_scenario(
    folder: Path, change: ScenarioChange | None, today: date | None = None
) -> tuple[Scenario, list[Problem], list[ReleasedBooking]]:
    """The scenario of ``folder`` as it would load with ``change`` written (the folder itself is
    not touched): see :func:`planner.check.pin_check.load_releasing_bookings`.

    Raises
    ------
    planner.scenario.errors.ScenarioError
        If the folder (with the change) does not load.
    """
    if change is None:
        return load_releasing_bookings(folder, today=today)
    with tempfile.TemporaryDirectory(prefix="planner-change-") as scratch:
        staging = Path(scratch) / folder.name
        shutil.copytree(folder, staging)
        for name, text in change.texts:
            (staging / name).write_text(text, encoding="utf-8")
        return load_releasing_bookings(staging, today=today)


def write_change(folder: Path, change: ScenarioChange, today: date | None = None) -> None:
    """Write ``change`` into ``folder`` at once; the folder stays as it was if the changed
    copy does not load.

    Raises
    ------
    planner.scenario.errors.ScenarioError
        If the changed folder does not load (nothing was written).
    """

    def loads(staging: Path) -> None:
        load_releasing_bookings(staging, today=today)

    replace_files(folder, dict(change.texts), loads)


def current_texts(folder: Path, change: ScenarioChange) -> dict[str, str | None]:
    """The texts the files ``change`` rewrites hold now (to put them back on failure)."""
    return read_texts(folder, [name for name, _ in change.texts])


__all__ = [
    "ROOM_CLOSED",
    "SICK_DAY",
    "ChangeError",
    "ScenarioChange",
    "current_texts",
    "room_closed",
    "staged_scenario",
    "therapist_off",
    "write_change",
]
