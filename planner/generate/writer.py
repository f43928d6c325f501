"""Write a :class:`Scenario` as the contract's scenario folder, all at once or not at all."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from planner.generate.catalog import SPECIALTIES
from planner.scenario.timeaxis import (
    MINUTES_PER_DAY,
    WEEKDAYS,
    date_of,
    format_clock,
    format_datetime,
)
from planner.scenario.types import Scenario, Settings
from planner.scenario.write import csv_text, number_text


class OutputExistsError(Exception):
    """The output folder exists and holds files; nothing was written."""


def _hours_text(hours: tuple[int, int] | None) -> str:
    return "closed" if hours is None else f"{format_clock(hours[0])}-{format_clock(hours[1])}"


def _toml_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def settings_toml(settings: Settings) -> str:
    """``scenario.toml`` for these settings (every value written, defaults included)."""
    hours = [_hours_text(h) for h in settings.opening_hours]
    default = max(hours, key=lambda h: (hours.count(h), -hours.index(h)))
    limit = settings.time_limit_seconds
    lines = [
        f"name = {_toml_string(settings.name)}",
        f"start = {settings.start.isoformat()}",
        f"days = {settings.days}",
        f"slot_minutes = {settings.slot_minutes}",
        f"turnover_minutes = {settings.turnover_minutes}",
        f"assessment_minutes = {settings.assessment_minutes}",
        f"client_max_sessions_per_day = {settings.client_max_sessions_per_day}",
        f"time_limit_seconds = {int(limit) if float(limit).is_integer() else limit}",
        "",
        "[opening_hours]",
        f'default = "{default}"',
    ]
    lines += [
        f'{day} = "{text}"' for day, text in zip(WEEKDAYS, hours, strict=True) if text != default
    ]
    if settings.closed_dates:
        closed = ", ".join(d.isoformat() for d in sorted(settings.closed_dates))
        lines.append(f"closed_dates = [{closed}]")
    weights = settings.weights
    lines += [
        "",
        "[weights]",
        f"continuity = {weights.continuity}",
        f"preferred_therapist = {weights.preferred_therapist}",
        f"preferred_time = {weights.preferred_time}",
    ]
    return "\n".join(lines) + "\n"


def _specialty_order(name: str) -> tuple[int, str]:
    return (SPECIALTIES.index(name) if name in SPECIALTIES else len(SPECIALTIES), name)


def scenario_files(scenario: Scenario, *, with_contraindications: bool = False) -> dict[str, str]:
    """The folder's files as text, by file name.

    ``contraindications.csv`` is left out unless asked for: the scenario's rules are usually
    the shipped defaults, which the loader adds by itself.
    """
    s = scenario.settings
    start = s.start

    def day(minute: int) -> str:
        return date_of(start, minute).isoformat()

    def clock(minute: int, *, end: bool = False) -> str:
        # An end at midnight belongs to the day before (the contract's 24:00).
        base = (minute - 1 if end else minute) // MINUTES_PER_DAY * MINUTES_PER_DAY
        return format_clock(minute - base)

    def when(minute: int | None) -> str:
        return "" if minute is None else format_datetime(start, minute)

    files = {"scenario.toml": settings_toml(s)}
    files["therapists.csv"] = csv_text(
        ("therapist_id", "name", "specialties", "max_sessions_per_day", "max_minutes_per_week",
         "max_deep_per_day"),
        ((t.id, t.name, ";".join(sorted(t.specialties, key=_specialty_order)),
          t.max_sessions_per_day, t.max_minutes_per_week, t.max_deep_per_day)
         for t in scenario.therapists),
    )  # fmt: skip
    shifts = sorted(scenario.shifts, key=lambda x: (x.therapist_id, x.start, x.end))
    files["shifts.csv"] = csv_text(
        ("therapist_id", "date", "start", "end"),
        ((x.therapist_id, day(x.start), clock(x.start), clock(x.end, end=True)) for x in shifts),
    )
    files["rooms.csv"] = csv_text(
        ("room_id", "name", "equipment"),
        ((r.id, r.name, ";".join(sorted(r.equipment))) for r in scenario.rooms),
    )
    if scenario.room_closures:
        closures = sorted(scenario.room_closures, key=lambda c: (c.room_id, c.start, c.end))
        files["room_closures.csv"] = csv_text(
            ("room_id", "date", "start", "end"),
            ((c.room_id, day(c.start), clock(c.start), clock(c.end, end=True)) for c in closures),
        )
    files["treatments.csv"] = csv_text(
        ("treatment_id", "name", "specialty", "duration_min", "equipment", "intensity",
         "min_gap_hours", "max_gap_hours"),
        ((t.id, t.name, t.specialty, t.duration, ";".join(sorted(t.equipment)), t.intensity.value,
          number_text(t.min_gap_hours), number_text(t.max_gap_hours)) for t in scenario.treatments),
    )  # fmt: skip
    detail_columns: list[str] = []
    for client in scenario.clients:
        detail_columns += [k for k, _ in client.details if k not in detail_columns]
    files["clients.csv"] = csv_text(
        ("client_id", "name", *detail_columns),
        ((c.id, c.name, *(dict(c.details).get(k, "") for k in detail_columns))
         for c in scenario.clients),
    )  # fmt: skip
    if scenario.conditions:
        files["client_conditions.csv"] = csv_text(
            ("client_id", "condition", "from", "until", "cleared"),
            (_condition_row(s, c.client_id, c.condition, c.first_day, c.last_day, c.cleared)
             for c in scenario.conditions),
        )  # fmt: skip
    if scenario.availability:
        rows = sorted(scenario.availability, key=lambda a: (a.client_id, a.start, a.end))
        files["client_availability.csv"] = csv_text(
            ("client_id", "date", "start", "end", "kind"),
            ((a.client_id, day(a.start), clock(a.start), clock(a.end, end=True),
              "preferred" if a.preferred else "available") for a in rows),
        )  # fmt: skip
    if with_contraindications and scenario.contraindications:
        files["contraindications.csv"] = csv_text(
            ("condition", "treatment_id", "rule"),
            ((r.condition, r.treatment_id, r.rule.value) for r in scenario.contraindications),
        )
    files["courses.csv"] = csv_text(
        ("course_id", "client_id", "treatment_id", "sessions", "priority", "earliest", "latest",
         "min_gap_hours", "max_gap_hours", "preferred_therapist", "needs_assessment",
         "last_session_end"),
        ((c.id, c.client_id, c.treatment_id, c.sessions, c.priority, when(c.earliest),
          when(c.latest), number_text(c.min_gap_hours), number_text(c.max_gap_hours),
          c.preferred_therapist, "yes" if c.needs_assessment else "no",
          when(c.last_session_end)) for c in scenario.courses),
    )  # fmt: skip
    if scenario.pins:
        pins = sorted(scenario.pins, key=lambda p: (p.start, p.therapist_id, p.course_id))
        files["pinned.csv"] = csv_text(
            ("course_id", "session", "therapist_id", "room_id", "start"),
            ((p.course_id, p.session, p.therapist_id, p.room_id, when(p.start)) for p in pins),
        )
    return files


def _condition_row(
    settings: Settings, client_id: str, condition: str, first: int, last: int, cleared: bool
) -> tuple[str, ...]:
    # Conditions that span exactly the horizon need no dates (the contract's default).
    whole = first == 0 and last == settings.days - 1
    since = "" if whole else settings.day_date(first).isoformat()
    until = "" if whole else settings.day_date(last).isoformat()
    return (client_id, condition, since, until, "yes" if cleared else "no")


def write_folder(out: Path, files: dict[str, str], *, overwrite: bool = False) -> Path:
    """Write ``files`` into folder ``out`` atomically: a reader sees the old folder or the new one.

    Raises
    ------
    OutputExistsError
        If ``out`` is a non-empty folder (or a file) and ``overwrite`` is False.
    """
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise OutputExistsError(f"{out} exists and is not a folder")
    if out.is_dir() and any(out.iterdir()) and not overwrite:
        raise OutputExistsError(f"{out} is not empty (use --force to replace it)")
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        for name, text in files.items():
            (staging / name).write_text(text, encoding="utf-8")
        if out.is_dir():
            retired = Path(tempfile.mkdtemp(prefix=f".{out.name}.old.", dir=out.parent))
            os.replace(out, retired / "old")
            try:
                os.replace(staging, out)
            except OSError:
                os.replace(retired / "old", out)
                raise
            shutil.rmtree(retired, ignore_errors=True)
        else:
            os.replace(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return out
