"""The call list: which clients must be told what after a re-plan, one row per session.

A re-plan (the nightly, a desk booking that moves sessions) changes what clients were told.
:func:`call_list` compares the sessions published before with the new plan's and gives one
:class:`CallRow` per session a client must hear about:

- ``moved``: the session is in both plans and its start, therapist or room changed (the one
  meaning of "moved" across planner's outputs; a changed end alone is not a move);
- ``cancelled``: the session was published and the new plan does not book it, with the reason
  (the new plan's unscheduled reason, a released booking's reason, or that the course is gone);
- ``new``: the new plan books a session of a course that already had sessions published (the
  client was promised part of the course and now gets more of it). A course with no published
  session yet is not on the list: nobody told its client anything.

Rows of released bookings (promised sessions a scenario change made impossible) come first, in
the order given; the rest by client, course and session. Reasons never name a health condition
("a health condition" instead): the desk may make the calls. The phone comes from the
``phone`` column of ``clients.csv`` (kept among the client's private details), so the list is
the manager's file: it is written only into a ``manager/`` folder and the archive.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from planner.plan.safe import escape_formula
from planner.plan.types import PlannedSession, UnscheduledSession
from planner.plan.unscheduled import without_conditions
from planner.scenario.timeaxis import MINUTES_PER_DAY, format_clock
from planner.scenario.types import Client, Scenario

MOVED = "moved"
CANCELLED = "cancelled"
NEW = "new"
# Column names of clients.csv that hold the phone number (compared in lower case).
PHONE_COLUMNS = ("phone", "telephone", "mobile", "phone_number")
CALL_LIST_COLUMNS = (
    "client_id",
    "client",
    "phone",
    "course_id",
    "treatment",
    "session",
    "change",
    "old_date",
    "old_time",
    "old_therapist",
    "old_room",
    "new_date",
    "new_time",
    "new_therapist",
    "new_room",
    "reason",
)
_GONE = "the course is no longer in the scenario"
_NOT_BOOKED = "the new plan could not book it"

SessionKey = tuple[str, int]


@dataclass(frozen=True)
class Slot:
    """Where and when a session is booked, as people read it."""

    date: str  # "Mon 2026-12-07"
    time: str  # "10:30"
    therapist: str  # the therapist's name (the id when the scenario doesn't know it)
    room: str


@dataclass(frozen=True)
class CallRow:
    """One session a client must be told about (see the module's rules)."""

    client_id: str
    client: str
    phone: str
    course_id: str
    treatment: str
    session: int
    change: str  # MOVED, CANCELLED or NEW
    old: Slot | None
    new: Slot | None
    reason: str = ""

    def cells(self) -> tuple[str, ...]:
        """The row's cells in :data:`CALL_LIST_COLUMNS` order."""
        old = self.old or Slot("", "", "", "")
        new = self.new or Slot("", "", "", "")
        return (
            self.client_id,
            self.client,
            self.phone,
            self.course_id,
            self.treatment,
            str(self.session),
            self.change,
            old.date,
            old.time,
            old.therapist,
            old.room,
            new.date,
            new.time,
            new.therapist,
            new.room,
            self.reason,
        )

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (the archive keeps each run's list)."""
        return dict(zip(CALL_LIST_COLUMNS, self.cells(), strict=True)) | {"session": self.session}


def client_phone(client: Client | None) -> str:
    """The client's phone from ``clients.csv`` (a column of :data:`PHONE_COLUMNS`), or ``""``."""
    if client is None:
        return ""
    details = {name.strip().lower(): value for name, value in client.details}
    return next((details[c] for c in PHONE_COLUMNS if details.get(c)), "")


def _slot(scenario: Scenario, s: PlannedSession) -> Slot:
    day = scenario.settings.day_date(s.start // MINUTES_PER_DAY)
    therapist = scenario.therapist_by_id.get(s.therapist_id)
    room = scenario.room_by_id.get(s.room_id)
    return Slot(
        date=day.strftime("%a %Y-%m-%d"),
        time=format_clock(s.start % MINUTES_PER_DAY),
        therapist=therapist.name if therapist else s.therapist_id,
        room=room.name if room else s.room_id,
    )


def is_moved(before: PlannedSession, after: PlannedSession) -> bool:
    """True if the session's start, therapist or room changed: planner's one meaning of moved."""
    return (before.start, before.therapist_id, before.room_id) != (
        after.start,
        after.therapist_id,
        after.room_id,
    )


def _row(
    scenario: Scenario,
    change: str,
    old: PlannedSession | None,
    new: PlannedSession | None,
    reason: str,
) -> CallRow:
    s = old or new
    assert s is not None  # a row has at least one side
    client = scenario.client_by_id.get(s.client_id)
    treatment = scenario.treatment_by_id.get(s.treatment_id)
    return CallRow(
        client_id=s.client_id,
        client=client.name if client else s.client_id,
        phone=client_phone(client),
        course_id=s.course_id,
        treatment=treatment.name if treatment else s.treatment_id,
        session=s.session,
        change=change,
        old=None if old is None else _slot(scenario, old),
        new=None if new is None else _slot(scenario, new),
        reason=without_conditions(scenario, s.client_id, reason),
    )


def _cancel_reason(
    scenario: Scenario,
    s: PlannedSession,
    reasons: dict[SessionKey, str],
    why: dict[SessionKey, str],
) -> str:
    key = (s.course_id, s.session)
    if key in why:
        return why[key]
    if s.course_id not in scenario.course_by_id:
        return _GONE
    return reasons.get(key, _NOT_BOOKED)


def call_list(
    scenario: Scenario,
    before: Iterable[PlannedSession],
    after: Iterable[PlannedSession],
    unscheduled: Iterable[UnscheduledSession] = (),
    released: Iterable[tuple[str, int, str]] = (),
) -> list[CallRow]:
    """The sessions clients must be told about when ``after`` replaces ``before``.

    Parameters
    ----------
    scenario
        The scenario of the new plan (names, phones, conditions to keep out of reasons); both
        plans' sessions are on its time axis.
    before
        The sessions published before (what clients were told), of this horizon only.
    after
        The new plan's sessions.
    unscheduled
        The new plan's unscheduled sessions: their reasons explain cancellations.
    released
        ``(course_id, session, reason)`` of promised bookings a scenario change made
        impossible: listed first, in this order, with this reason.

    Returns
    -------
    list[CallRow]
        One row per moved, cancelled or new session (see the module's rules).
    """
    old = {(s.course_id, s.session): s for s in before}
    new = {(s.course_id, s.session): s for s in after}
    reasons = {(u.course_id, u.session): u.reason for u in unscheduled}
    first = [(course, session) for course, session, _ in released]
    why = {(course, session): reason for course, session, reason in released}
    promised = {course for course, _ in old}
    rows: dict[SessionKey, CallRow] = {}
    for key, s in old.items():
        if key not in new:
            reason = _cancel_reason(scenario, s, reasons, why)
            rows[key] = _row(scenario, CANCELLED, s, None, reason)
        elif is_moved(s, new[key]):
            rows[key] = _row(scenario, MOVED, s, new[key], why.get(key, ""))
    for key, s in new.items():
        if key not in old and s.course_id in promised:
            rows[key] = _row(scenario, NEW, None, s, why.get(key, ""))
    order = {key: i for i, key in enumerate(dict.fromkeys(first))}

    def sort_key(item: tuple[SessionKey, CallRow]) -> tuple[int, str, str, str, int]:
        key, row = item
        return (order.get(key, len(order)), row.client, row.client_id, key[0], key[1])

    return [row for _, row in sorted(rows.items(), key=sort_key)]


def clients_to_notify(rows: Iterable[CallRow]) -> int:
    """How many clients the call list asks to call (each once, however many rows)."""
    return len({row.client_id for row in rows})


def change_counts(rows: Sequence[CallRow]) -> dict[str, int]:
    """Rows per change: ``{"moved": .., "cancelled": .., "new": ..}``."""
    return {kind: sum(1 for r in rows if r.change == kind) for kind in (MOVED, CANCELLED, NEW)}


def call_list_name(run: int | str) -> str:
    """The file name of run ``run``'s call list (a run id of the archive, or a timestamp):
    each run's list has its own name, so a later publish does not erase an earlier list."""
    return f"notify-{run}.csv"


def write_call_list(path: Path | str, rows: Iterable[CallRow]) -> Path:
    """Write the call list as a CSV for people (UTF-8 with byte-order mark, formula-escaped).

    A plain write: put it into a folder that is published as a whole, or beside nothing else.
    The file holds phones: write it only where the manager's files go.
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(CALL_LIST_COLUMNS)
        writer.writerows([escape_formula(cell) for cell in row.cells()] for row in rows)
    return target


__all__ = [
    "CALL_LIST_COLUMNS",
    "CANCELLED",
    "MOVED",
    "NEW",
    "CallRow",
    "Slot",
    "call_list",
    "call_list_name",
    "change_counts",
    "client_phone",
    "clients_to_notify",
    "is_moved",
    "write_call_list",
]
