"""Writing a :class:`~planner.scenario.types.Scenario` back as a contract scenario folder.

What-if variants are changed in memory; writing them out as a plain scenario folder lets anyone
re-check a variant's plan with ``planner check`` and re-plan it with ``planner solve``. Every file
of the contract is written (optional ones with their header only when empty), so that writing
into an existing folder leaves no stale file behind, and the round trip is exact:
``load_scenario(write_scenario_folder(s, folder))`` equals ``s`` for any loaded scenario.
Two facts of the written form: ``Pin.row`` becomes the row in the written ``pinned.csv``, and
``contraindications.csv`` holds the effective rules (defaults merged with the spa's own).
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import tomli_w

from planner.scenario.timeaxis import MINUTES_PER_DAY, WEEKDAYS, format_clock, format_datetime
from planner.scenario.types import Scenario, Settings

Cell = str | int | float | None


def number_text(value: float | int | None) -> str:
    """A number as the shortest text that reads back to the same value ("" for None)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return repr(value)


def _items(values: Iterable[str]) -> str:
    return ";".join(sorted(values))


def _yes_no(flag: bool) -> str:
    return "yes" if flag else "no"


def _day_periods(horizon_start: date, start: int, end: int) -> list[tuple[str, str, str]]:
    """``[start, end)`` on the axis as ``(date, HH:MM, HH:MM)`` rows, one per calendar day.

    Contract periods lie within one day; a longer period (built in code) is split at midnight,
    which means the same for shifts, closures and availability since no session crosses midnight.
    """
    rows: list[tuple[str, str, str]] = []
    cursor = start
    while cursor < end:
        day = cursor // MINUTES_PER_DAY
        base = day * MINUTES_PER_DAY
        stop = min(end, base + MINUTES_PER_DAY)
        on = horizon_start + timedelta(days=day)
        rows.append((on.isoformat(), format_clock(cursor - base), format_clock(stop - base)))
        cursor = stop
    return rows


def csv_text(header: Sequence[str], rows: Iterable[Sequence[Cell]]) -> str:
    """A CSV file's text: ``header``, then ``rows`` (None as an empty cell), ``\\n`` line ends."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if cell is None else cell for cell in row])
    return buffer.getvalue()


def _write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file, so a reader never sees half a file."""
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def settings_toml(settings: Settings) -> str:
    """``scenario.toml`` text of ``settings``, every value explicit (no default is relied on)."""
    opening: dict[str, Any] = {}
    for weekday, hours in zip(WEEKDAYS, settings.opening_hours, strict=True):
        opening[weekday] = (
            "closed" if hours is None else f"{format_clock(hours[0])}-{format_clock(hours[1])}"
        )
    opening["closed_dates"] = sorted(settings.closed_dates)
    weights = settings.weights
    document: dict[str, Any] = {
        "name": settings.name,
        "start": settings.start,
        "days": settings.days,
        "slot_minutes": settings.slot_minutes,
        "turnover_minutes": settings.turnover_minutes,
        "assessment_minutes": settings.assessment_minutes,
        "client_max_sessions_per_day": settings.client_max_sessions_per_day,
        "time_limit_seconds": float(settings.time_limit_seconds),
        "opening_hours": opening,
        "weights": {
            "continuity": weights.continuity,
            "preferred_therapist": weights.preferred_therapist,
            "preferred_time": weights.preferred_time,
            "stability": weights.stability,
        },
    }
    return tomli_w.dumps(document)


def scenario_files(scenario: Scenario) -> dict[str, str]:
    """Every file of the scenario folder as ``{file name: text}``."""
    start = scenario.settings.start

    def when(minute: int | None) -> str:
        return "" if minute is None else format_datetime(start, minute)

    files: dict[str, str] = {"scenario.toml": settings_toml(scenario.settings)}
    files["therapists.csv"] = csv_text(
        (
            "therapist_id",
            "name",
            "specialties",
            "max_sessions_per_day",
            "max_minutes_per_week",
            "max_deep_per_day",
        ),
        (
            (
                t.id,
                t.name,
                _items(t.specialties),
                t.max_sessions_per_day,
                t.max_minutes_per_week,
                t.max_deep_per_day,
            )
            for t in scenario.therapists
        ),
    )
    files["shifts.csv"] = csv_text(
        ("therapist_id", "date", "start", "end"),
        (
            (s.therapist_id, *p)
            for s in scenario.shifts
            for p in _day_periods(start, s.start, s.end)
        ),
    )
    files["rooms.csv"] = csv_text(
        ("room_id", "name", "equipment"),
        ((r.id, r.name, _items(r.equipment)) for r in scenario.rooms),
    )
    files["room_closures.csv"] = csv_text(
        ("room_id", "date", "start", "end"),
        (
            (c.room_id, *p)
            for c in scenario.room_closures
            for p in _day_periods(start, c.start, c.end)
        ),
    )
    files["treatments.csv"] = csv_text(
        (
            "treatment_id",
            "name",
            "specialty",
            "duration_min",
            "equipment",
            "intensity",
            "min_gap_hours",
            "max_gap_hours",
        ),
        (
            (
                t.id,
                t.name,
                t.specialty,
                t.duration,
                _items(t.equipment),
                t.intensity.value,
                number_text(t.min_gap_hours),
                number_text(t.max_gap_hours),
            )
            for t in scenario.treatments
        ),
    )
    files["clients.csv"] = _clients_csv(scenario)
    files["client_conditions.csv"] = csv_text(
        ("client_id", "condition", "from", "until", "cleared"),
        (
            (
                c.client_id,
                c.condition,
                (start + timedelta(days=c.first_day)).isoformat(),
                (start + timedelta(days=c.last_day)).isoformat(),
                _yes_no(c.cleared),
            )
            for c in scenario.conditions
        ),
    )
    files["client_availability.csv"] = csv_text(
        ("client_id", "date", "start", "end", "kind"),
        (
            (a.client_id, *p, "preferred" if a.preferred else "available")
            for a in scenario.availability
            for p in _day_periods(start, a.start, a.end)
        ),
    )
    files["contraindications.csv"] = csv_text(
        ("condition", "treatment_id", "rule"),
        ((c.condition, c.treatment_id, c.rule.value) for c in scenario.contraindications),
    )
    files["courses.csv"] = csv_text(
        (
            "course_id",
            "client_id",
            "treatment_id",
            "sessions",
            "priority",
            "earliest",
            "latest",
            "min_gap_hours",
            "max_gap_hours",
            "preferred_therapist",
            "needs_assessment",
            "last_session_end",
        ),
        (
            (
                c.id,
                c.client_id,
                c.treatment_id,
                c.sessions,
                c.priority,
                when(c.earliest),
                when(c.latest),
                number_text(c.min_gap_hours),
                number_text(c.max_gap_hours),
                c.preferred_therapist,
                _yes_no(c.needs_assessment),
                when(c.last_session_end),
            )
            for c in scenario.courses
        ),
    )
    files["pinned.csv"] = csv_text(
        ("course_id", "session", "therapist_id", "room_id", "start"),
        ((p.course_id, p.session, p.therapist_id, p.room_id, when(p.start)) for p in scenario.pins),
    )
    return files


def _clients_csv(scenario: Scenario) -> str:
    # Contact columns (``details``) are the spa's own; keep every one, in first-seen order.
    extra: list[str] = []
    for client in scenario.clients:
        for key, _ in client.details:
            if key not in extra:
                extra.append(key)
    rows = []
    for client in scenario.clients:
        details = dict(client.details)
        rows.append((client.id, client.name, *(details.get(key, "") for key in extra)))
    return csv_text(("client_id", "name", *extra), rows)


def write_scenario_folder(scenario: Scenario, folder: Path) -> Path:
    """Write ``scenario`` as a contract scenario folder (created if needed) and return it.

    Parameters
    ----------
    scenario
        The scenario to write, e.g. a what-if variant of a loaded one.
    folder
        Target folder; existing files of the contract in it are replaced, others left alone.

    Returns
    -------
    Path
        ``folder``, for chaining with the loader.
    """
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in scenario_files(scenario).items():
        _write_atomic(folder / name, text)
    return folder
