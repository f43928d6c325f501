"""What a row is about, for error messages: ``courses.csv, row 4 (course K3), column 'latest'``.

A row is named by its own id (a course, a therapist, ...) or, in files whose rows have none, by
the id they belong to (a shift by its therapist, a pin by its course and session). Rows of
``client_conditions.csv`` and ``contraindications.csv`` are named by number only: they are
health data, and a message (which may reach a log) must not tie a client or a treatment to a
condition.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace

from planner.scenario.csvread import Row, Table
from planner.scenario.errors import Problem, pin_subject


def _by(column: str, noun: str) -> Callable[[Row], str | None]:
    def name(row: Row) -> str | None:
        value = row.get(column)
        return f"{noun} {value}" if value else None

    return name


def _pin(row: Row) -> str | None:
    course, session = row.get("course_id"), row.get("session")
    if not course:
        return None
    return f"course {course}, session {session}" if session else f"course {course}"


# File -> how one of its rows is named (files not listed: by row number only).
SUBJECTS: dict[str, Callable[[Row], str | None]] = {
    "therapists.csv": _by("therapist_id", "therapist"),
    "shifts.csv": _by("therapist_id", "therapist"),
    "rooms.csv": _by("room_id", "room"),
    "room_closures.csv": _by("room_id", "room"),
    "treatments.csv": _by("treatment_id", "treatment"),
    "clients.csv": _by("client_id", "client"),
    "client_availability.csv": _by("client_id", "client"),
    "courses.csv": _by("course_id", "course"),
    "pinned.csv": _pin,
}


def name_rows(
    problems: Iterable[Problem], tables: Mapping[str, Table], kinds: Mapping[str, str] | None = None
) -> list[Problem]:
    """``problems`` with each row's subject filled in from the row itself.

    ``tables`` are the files read, by the name problems give them; ``kinds`` maps such a name
    to the contract's file it has the columns of (a variant's ``more_courses.csv`` reads like
    ``courses.csv``), where the two differ.
    """
    rows = {(name, row.number): row for name, table in tables.items() for row in table.rows}
    named = []
    for problem in problems:
        kind = (kinds or {}).get(problem.file, problem.file)
        subject = SUBJECTS.get(kind)
        row = rows.get((problem.file, problem.row)) if problem.row is not None else None
        if problem.subject is None and subject is not None and row is not None:
            problem = replace(problem, subject=subject(row))
        named.append(problem)
    return named


__all__ = ["SUBJECTS", "name_rows", "pin_subject"]
