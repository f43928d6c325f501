"""Front-desk bookings in ``pinned.csv`` that a scenario change has made impossible.

A row of ``pinned.csv`` with a ``booked`` cell is a session the desk promised a client
(``planner book``). When the manager later removes its therapist, room or course, or shortens
the course, that row can no longer be read as a pin. For an unattended re-plan this is not an
error: the booking is *released* (left out, with a warning) and the session is planned again
like any other; the caller tells the client. Ordinary pins keep the contract's errors.
"""

from __future__ import annotations

from dataclasses import dataclass

from planner.scenario.csvread import Problems, Row
from planner.scenario.errors import Problem, Severity
from planner.scenario.rows import PINNED

# Warnings about released bookings carry this code.
RELEASED_CODE = "released-booking"


@dataclass(frozen=True)
class ReleasedBooking:
    """A booked session that can't stay as booked, where it was booked and why (ids only).

    ``start`` is the ``pinned.csv`` text ``YYYY-MM-DDTHH:MM``; ``session`` is 0 when the row's
    session number can't be read.
    """

    course_id: str
    session: int
    therapist_id: str
    room_id: str
    start: str
    reason: str

    def __str__(self) -> str:
        return f"{self.course_id} session {self.session}: {self.reason}"


def booking_rows(table_rows: list[Row]) -> set[int]:
    """Row numbers of ``pinned.csv`` rows with a ``booked`` cell."""
    return {row.number for row in table_rows if row.get("booked")}


def release_booking_rows(
    table_rows: list[Row], problems: Problems
) -> tuple[set[int], list[ReleasedBooking]]:
    """Turn every error about a booking row of ``pinned.csv`` into a warning.

    Returns the row numbers released (their pins must be left out) and what was released.
    Messages of ``pinned.csv`` name ids and cells of that file only, never a condition.
    """
    rows = booking_rows(table_rows)
    if not rows:
        return set(), []
    by_number = {row.number: row for row in table_rows}
    kept: list[Problem] = []
    released: dict[int, ReleasedBooking] = {}
    for p in problems.items:
        if p.severity is Severity.ERROR and p.file == PINNED.file and p.row in rows:
            kept.append(
                Problem(p.file, p.row, p.column, f"booking released: {p.message}",
                        Severity.WARNING, RELEASED_CODE, p.subject)
            )  # fmt: skip
            released.setdefault(p.row, _released(by_number[p.row], p.message))
        else:
            kept.append(p)
    problems.items = kept
    return set(released), [released[n] for n in sorted(released)]


def _released(row: Row, reason: str) -> ReleasedBooking:
    session = row.get("session")
    return ReleasedBooking(
        row.get("course_id"),
        int(session) if session.isdigit() else 0,
        row.get("therapist_id"),
        row.get("room_id"),
        row.get("start"),
        reason,
    )


__all__ = ["RELEASED_CODE", "ReleasedBooking", "booking_rows", "release_booking_rows"]
