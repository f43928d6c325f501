"""The one scenario writer: a :class:`~planner.scenario.types.Scenario` as a contract folder.

What-if variants are changed in memory and the generator builds spas in memory; both write them
out here, so anyone can re-check a plan with ``planner check`` and re-plan it with ``planner
solve``. Columns come from :mod:`planner.scenario.rows`, the loader's own table specs, and the
round trip is exact: ``load_scenario(write_scenario_folder(s, folder))`` equals ``s`` for any
loaded scenario (rows keep their order, so each object's row in the written folder follows from
its position: see :func:`planner.scenario.errors.pin_rows`).

Files are written plainly; a folder that must appear all at once is published with
:func:`planner.plan.publish.publish_folder` by the caller.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import tomli_w

from planner.scenario import rows
from planner.scenario.csvread import TableSpec
from planner.scenario.timeaxis import MINUTES_PER_DAY, WEEKDAYS, format_clock, format_datetime
from planner.scenario.types import Condition, Pin, Scenario, Settings

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


def _day_periods(settings: Settings, start: int, end: int) -> list[dict[str, Cell]]:
    """``[start, end)`` on the axis as ``date, start, end`` cells, one row per calendar day.

    Contract periods lie within one day; a longer period (built in code) is split at midnight,
    which means the same for shifts, closures and availability since no session crosses midnight.
    """
    out: list[dict[str, Cell]] = []
    cursor = start
    while cursor < end:
        base = cursor // MINUTES_PER_DAY * MINUTES_PER_DAY
        stop = min(end, base + MINUTES_PER_DAY)
        out.append(
            {
                "date": settings.day_date(cursor // MINUTES_PER_DAY).isoformat(),
                "start": format_clock(cursor - base),
                "end": format_clock(stop - base),
            }
        )
        cursor = stop
    return out


def table_text(
    spec: TableSpec, records: Iterable[Mapping[str, Cell]], extra: Sequence[str] = ()
) -> str:
    """A CSV file's text: ``spec``'s columns (then ``extra`` ones) and one row per record.

    A record names its cells by column; a column it leaves out, or None, is an empty cell.
    """
    header = (*spec.columns, *extra)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    for record in records:
        unknown = set(record) - set(header)
        if unknown:
            raise ValueError(f"{spec.file} has no column {', '.join(sorted(unknown))}")
        writer.writerow(["" if record.get(c) is None else record.get(c) for c in header])
    return buffer.getvalue()


def _hours_text(hours: tuple[int, int] | None) -> str:
    return "closed" if hours is None else f"{format_clock(hours[0])}-{format_clock(hours[1])}"


def settings_toml(settings: Settings) -> str:
    """``scenario.toml`` text of ``settings``, every value explicit (no default is relied on).

    Opening hours are written as the most common day's hours as ``default`` and the other
    weekdays by name, the way a person writes them.
    """
    hours = [_hours_text(h) for h in settings.opening_hours]
    default = max(hours, key=lambda h: (hours.count(h), -hours.index(h)))
    opening: dict[str, Any] = {"default": default}
    opening.update(
        (day, text) for day, text in zip(WEEKDAYS, hours, strict=True) if text != default
    )
    if settings.closed_dates:
        opening["closed_dates"] = sorted(settings.closed_dates)
    limit = settings.time_limit_seconds
    weights = settings.weights
    document: dict[str, Any] = {
        "name": settings.name,
        **({"spa": settings.spa} if settings.spa else {}),
        "start": settings.start,
        "days": settings.days,
        "slot_minutes": settings.slot_minutes,
        "turnover_minutes": settings.turnover_minutes,
        "assessment_minutes": settings.assessment_minutes,
        "client_max_sessions_per_day": settings.client_max_sessions_per_day,
        "time_limit_seconds": int(limit) if float(limit).is_integer() else limit,
        "opening_hours": opening,
        "weights": {
            "continuity": weights.continuity,
            "preferred_therapist": weights.preferred_therapist,
            "preferred_time": weights.preferred_time,
            "stability": weights.stability,
            **({} if weights.max_moves is None else {"max_moves": weights.max_moves}),
        },
    }
    return tomli_w.dumps(document)


def _condition(settings: Settings, c: Condition) -> dict[str, Cell]:
    # A condition over exactly the horizon needs no dates (the contract's default).
    whole = c.first_day == 0 and c.last_day == settings.days - 1
    return {
        "client_id": c.client_id,
        "condition": c.condition,
        "from": None if whole else settings.day_date(c.first_day).isoformat(),
        "until": None if whole else settings.day_date(c.last_day).isoformat(),
        "cleared": _yes_no(c.cleared),
    }


def _clients_csv(scenario: Scenario) -> str:
    # Contact columns (``details``) are the spa's own; keep every one, in first-seen order.
    extra: list[str] = []
    for client in scenario.clients:
        extra += [key for key, _ in client.details if key not in extra]
    records = ({"client_id": c.id, "name": c.name, **dict(c.details)} for c in scenario.clients)
    return table_text(rows.CLIENTS, records, extra)


def _staff_files(scenario: Scenario) -> dict[str, str]:
    """Therapists and their shifts."""
    settings = scenario.settings
    return {
        rows.THERAPISTS.file: table_text(
            rows.THERAPISTS,
            (
                {
                    "therapist_id": t.id,
                    "name": t.name,
                    "specialties": _items(t.specialties),
                    "max_sessions_per_day": t.max_sessions_per_day,
                    "max_minutes_per_week": t.max_minutes_per_week,
                    "max_deep_per_day": t.max_deep_per_day,
                }
                for t in scenario.therapists
            ),
        ),
        rows.SHIFTS.file: table_text(
            rows.SHIFTS,
            (
                {"therapist_id": s.therapist_id, **period}
                for s in scenario.shifts
                for period in _day_periods(settings, s.start, s.end)
            ),
        ),
    }


def _room_files(scenario: Scenario) -> dict[str, str]:
    """Rooms, their closures and the treatments they hold."""
    settings = scenario.settings
    return {
        rows.ROOMS.file: table_text(
            rows.ROOMS,
            (
                {"room_id": r.id, "name": r.name, "equipment": _items(r.equipment)}
                for r in scenario.rooms
            ),
        ),
        rows.ROOM_CLOSURES.file: table_text(
            rows.ROOM_CLOSURES,
            (
                {"room_id": c.room_id, **period}
                for c in scenario.room_closures
                for period in _day_periods(settings, c.start, c.end)
            ),
        ),
        rows.TREATMENTS.file: table_text(
            rows.TREATMENTS,
            (
                {
                    "treatment_id": t.id,
                    "name": t.name,
                    "specialty": t.specialty,
                    "duration_min": t.duration,
                    "equipment": _items(t.equipment),
                    "intensity": t.intensity.value,
                    "min_gap_hours": number_text(t.min_gap_hours),
                    "max_gap_hours": number_text(t.max_gap_hours),
                }
                for t in scenario.treatments
            ),
        ),
    }


def _client_files(scenario: Scenario) -> dict[str, str]:
    """Clients, their conditions and availability, and the contraindication rules."""
    settings = scenario.settings
    return {
        rows.CLIENTS.file: _clients_csv(scenario),
        rows.CONDITIONS.file: table_text(
            rows.CONDITIONS, (_condition(settings, c) for c in scenario.conditions)
        ),
        rows.AVAILABILITY.file: table_text(
            rows.AVAILABILITY,
            (
                {
                    "client_id": a.client_id,
                    **period,
                    "kind": "preferred" if a.preferred else "available",
                }
                for a in scenario.availability
                for period in _day_periods(settings, a.start, a.end)
            ),
        ),
        rows.CONTRAINDICATIONS.file: table_text(
            rows.CONTRAINDICATIONS,
            (
                {"condition": c.condition, "treatment_id": c.treatment_id, "rule": c.rule.value}
                for c in scenario.contraindications
            ),
        ),
    }


def _booking_files(scenario: Scenario) -> dict[str, str]:
    """Courses and pinned sessions."""
    start = scenario.settings.start

    def when(minute: int | None) -> str:
        return "" if minute is None else format_datetime(start, minute)

    return {
        rows.COURSES.file: table_text(
            rows.COURSES,
            (
                {
                    "course_id": c.id,
                    "client_id": c.client_id,
                    "treatment_id": c.treatment_id,
                    "sessions": c.sessions,
                    "priority": c.priority,
                    "earliest": when(c.earliest),
                    "latest": when(c.latest),
                    "min_gap_hours": number_text(c.min_gap_hours),
                    "max_gap_hours": number_text(c.max_gap_hours),
                    "preferred_therapist": c.preferred_therapist,
                    "needs_assessment": _yes_no(c.needs_assessment),
                    "last_session_end": when(c.last_session_end),
                }
                for c in scenario.courses
            ),
        ),
        rows.PINNED.file: table_text(
            pinned_spec(scenario.pins),
            (
                {
                    "course_id": p.course_id,
                    "session": p.session,
                    "therapist_id": p.therapist_id,
                    "room_id": p.room_id,
                    "start": when(p.start),
                    **({} if p.booked is None else {"booked": when(p.booked)}),
                }
                for p in scenario.pins
            ),
        ),
    }


def pinned_spec(pins: Iterable[Pin]) -> TableSpec:
    """``pinned.csv``'s columns: the contract's, plus ``booked`` only if a pin is a booking
    (a manager's file stays in the contract's plain form)."""
    if any(p.booked is not None for p in pins):
        return rows.PINNED
    return replace(rows.PINNED, columns=tuple(c for c in rows.PINNED.columns if c != "booked"))


def _has_rows(scenario: Scenario) -> dict[str, bool]:
    """Whether each optional file of the contract has rows in ``scenario``."""
    return {
        rows.ROOM_CLOSURES.file: bool(scenario.room_closures),
        rows.CONDITIONS.file: bool(scenario.conditions),
        rows.AVAILABILITY.file: bool(scenario.availability),
        rows.CONTRAINDICATIONS.file: bool(scenario.contraindications),
        rows.PINNED.file: bool(scenario.pins),
    }


def scenario_files(
    scenario: Scenario, *, empty_files: bool = True, effective_rules: bool = True
) -> dict[str, str]:
    """Every file of the scenario folder as ``{file name: text}``.

    Parameters
    ----------
    scenario
        The scenario to write.
    empty_files
        Write optional files without rows too (a header only), so that writing into a folder
        replaces every contract file in it; False leaves them out (a new folder, kept tidy).
    effective_rules
        Write ``contraindications.csv`` with the scenario's effective rules (the shipped
        defaults merged with the spa's own), so the folder does not depend on the defaults of
        the installed version; False leaves it out, and the loader applies the shipped defaults
        (right for a scenario whose rules are those defaults, such as a generated one).
    """
    files = {
        "scenario.toml": settings_toml(scenario.settings),
        **_staff_files(scenario),
        **_room_files(scenario),
        **_client_files(scenario),
        **_booking_files(scenario),
    }
    if not effective_rules:
        del files[rows.CONTRAINDICATIONS.file]
    if not empty_files:
        for name, has_rows in _has_rows(scenario).items():
            if not has_rows:
                files.pop(name, None)
    return files


def write_scenario_folder(
    scenario: Scenario, folder: Path, *, empty_files: bool = True, effective_rules: bool = True
) -> Path:
    """Write ``scenario`` as a contract scenario folder (created if needed) and return it.

    Parameters
    ----------
    scenario
        The scenario to write, e.g. a what-if variant of a loaded one.
    folder
        Target folder; existing files of the contract in it are replaced, others left alone.
    empty_files, effective_rules
        As for :func:`scenario_files`.

    Returns
    -------
    Path
        ``folder``, for chaining with the loader.
    """
    folder.mkdir(parents=True, exist_ok=True)
    files = scenario_files(scenario, empty_files=empty_files, effective_rules=effective_rules)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder
