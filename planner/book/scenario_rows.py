"""The rows a booking adds to the scenario's files, as the contract writes them."""

from __future__ import annotations

import re
from pathlib import Path

from planner.book.files import append_rows, read_texts, set_cell
from planner.scenario import rows
from planner.scenario.timeaxis import MINUTES_PER_DAY, format_clock, format_datetime
from planner.scenario.types import Availability, Course, Pin, Scenario, Settings
from planner.scenario.write import number_text


def _course_row(settings: Settings, course: Course) -> dict[str, str]:
    """The course's cells; a default is left out, so no column is added just for it."""
    start = settings.start
    cells = {
        "course_id": course.id,
        "client_id": course.client_id,
        "treatment_id": course.treatment_id,
        "sessions": str(course.sessions),
        "priority": "" if course.priority == 1 else str(course.priority),
        "earliest": "" if course.earliest is None else format_datetime(start, course.earliest),
        "latest": "" if course.latest is None else format_datetime(start, course.latest),
        "min_gap_hours": number_text(course.min_gap_hours),
        "max_gap_hours": number_text(course.max_gap_hours),
        "preferred_therapist": course.preferred_therapist or "",
        "needs_assessment": "" if course.needs_assessment else "no",
    }
    return {column: value for column, value in cells.items() if value}


def _availability_row(settings: Settings, a: Availability) -> dict[str, str]:
    day = a.start // MINUTES_PER_DAY
    base = day * MINUTES_PER_DAY
    return {
        "client_id": a.client_id,
        "date": settings.day_date(day).isoformat(),
        "start": format_clock(a.start - base),
        "end": format_clock(a.end - base),
        "kind": "preferred" if a.preferred else "",
    }


def _pin_row(settings: Settings, p: Pin) -> dict[str, str]:
    start = settings.start
    return {
        "course_id": p.course_id,
        "session": str(p.session),
        "therapist_id": p.therapist_id,
        "room_id": p.room_id,
        "start": format_datetime(start, p.start),
        "booked": "" if p.booked is None else format_datetime(start, p.booked),
    }


def _client_text(folder: Path, before: Scenario, after: Scenario) -> dict[str, str]:
    text = read_texts(folder, [rows.CLIENTS.file])[rows.CLIENTS.file]
    new = [c for c in after.clients if c.id not in before.client_by_id]
    changed = [
        c for c in after.clients if c.id in before.client_by_id and before.client_by_id[c.id] != c
    ]
    if not new and not changed:
        return {}
    if new:
        records = [{"client_id": c.id, "name": c.name, **dict(c.details)} for c in new]
        text = append_rows(text, rows.CLIENTS, records)
    for client in changed:
        old = dict(before.client_by_id[client.id].details)
        for column, value in client.details:
            if old.get(column) != value:
                text = set_cell(text or "", rows.CLIENTS, client.id, column, value)
    return {rows.CLIENTS.file: text or ""}


def booking_texts(folder: Path, before: Scenario, after: Scenario) -> dict[str, str]:
    """New texts of the files of ``folder`` (which holds ``before``) that change when it holds
    ``after``: ``before`` plus clients, availability, courses and pins (appended, in order)."""
    settings = after.settings
    out = _client_text(folder, before, after)
    known = set(before.availability)
    added = [a for a in after.availability if a not in known]
    courses = [c for c in after.courses if c.id not in before.course_by_id]
    old_pins = {(p.course_id, p.session) for p in before.pins}
    pins = [p for p in after.pins if (p.course_id, p.session) not in old_pins]
    for spec, records in (
        (rows.AVAILABILITY, [_availability_row(settings, a) for a in added]),
        (rows.COURSES, [_course_row(settings, c) for c in courses]),
        (rows.PINNED, [_pin_row(settings, p) for p in pins]),
    ):
        if records:
            text = read_texts(folder, [spec.file])[spec.file]
            out[spec.file] = append_rows(text, spec, records)
    return out


def new_client_id(scenario: Scenario) -> str:
    """An id no client has: ``c`` and the next number after the highest ``c<number>``."""
    numbers = [int(c.id[1:]) for c in scenario.clients if re.fullmatch(r"c\d+", c.id)]
    number = max(numbers, default=0) + 1
    taken = set(scenario.client_by_id)
    while f"c{number:03d}" in taken:
        number += 1
    return f"c{number:03d}"


__all__ = ["booking_texts", "new_client_id"]
