"""The published plan as each role may see it: the manager, the front desk, one therapist.

One decision, taken here for every front end (the web pages, the JSON API, the calendar feed):

- the **manager** sees every session, and why each left-out session was left out in the
  manager's words (a reason may name the client's health condition);
- the **desk** sees every session and the same reasons with each condition replaced by "a
  health condition" (:func:`planner.plan.unscheduled.without_conditions`);
- a **therapist** sees their own sessions only (with the caution flag where the exports show
  one) and no left-out session: nothing of another therapist's clients, no reason at all.

The reasons are worked out from the published plan and the scenario as they stand
(:func:`planner.model.explain_plan`), so a course booked or released since the last solve is
explained too; they are kept with the snapshot they were worked out for.
"""

from __future__ import annotations

import tempfile
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from icalendar import Calendar

from planner.export.ics import CALENDAR_FOLDER, PRODID, calendar_file_names, write_calendars
from planner.export.views import SessionView, session_views
from planner.live.spa import SpaSnapshot
from planner.plan.types import UnscheduledSession
from planner.plan.unscheduled import without_conditions

MANAGER = "manager"
DESK = "desk"
THERAPIST = "therapist"
VIEW_ROLES = (MANAGER, DESK, THERAPIST)
# plan.csv's way of writing a moment; the JSON API writes the same.
MOMENT_FORMAT = "%Y-%m-%dT%H:%M"
# Snapshots whose left-out sessions were explained lately (a server serves one spa; tests and
# a batch may hold a few). Each entry is (snapshot, its unscheduled sessions).
_EXPLAINED_KEEP = 4
_explained: list[tuple[SpaSnapshot, tuple[UnscheduledSession, ...]]] = []
_explained_lock = threading.Lock()
# Held while a plan is explained: readers that arrive meanwhile wait for that one answer
# instead of each working it out again (on a four-week resort it takes seconds).
_explaining = threading.Lock()


class UnknownRole(ValueError):
    """A role other than manager, desk and therapist (or a therapist view without an id)."""


@dataclass(frozen=True)
class RoleView:
    """What one role may see of the published plan.

    ``sessions`` are in the contract's order (start, then therapist); ``unscheduled`` holds one
    row per left-out session with its reason as the role may read it (empty for a therapist).
    ``version`` is the snapshot's (:class:`planner.live.SpaSnapshot`).
    """

    role: str
    therapist_id: str | None
    version: int
    first_day: date
    last_day: date
    sessions: tuple[SessionView, ...]
    unscheduled: tuple[UnscheduledSession, ...]

    def to_json(self) -> dict[str, Any]:
        """The document of ``GET /api/plan``: dates and times as in ``plan.csv``.

        Each session has the contract's ``course_id``, ``session``, ``client_id``,
        ``therapist_id``, ``room_id``, ``start``, ``end``, and (planner's own) ``treatment_id``
        and ``caution``; each unscheduled row ``course_id``, ``session``, ``reason``.
        """
        return {
            "version": self.version,
            "sessions": [session_json(view) for view in self.sessions],
            "unscheduled": [
                {"course_id": u.course_id, "session": u.session, "reason": u.reason}
                for u in self.unscheduled
            ],
        }


@dataclass(frozen=True)
class TherapistDay:
    """One day of a therapist's week and their sessions on it, by start."""

    day: date
    sessions: tuple[SessionView, ...]


@dataclass(frozen=True)
class TherapistWeek:
    """A therapist's sessions today and in the week (Monday to Sunday) around ``week_of``.

    ``previous_week`` / ``next_week`` are a Monday of the neighbouring week when it shares a
    day with the published horizon, else None.
    """

    therapist_id: str
    therapist_name: str
    today: date
    today_sessions: tuple[SessionView, ...]
    days: tuple[TherapistDay, ...]
    previous_week: date | None
    next_week: date | None

    @property
    def week_sessions(self) -> int:
        """How many sessions the week holds."""
        return sum(len(day.sessions) for day in self.days)


def session_json(view: SessionView) -> dict[str, Any]:
    """One session as the JSON API writes it (see :meth:`RoleView.to_json`)."""
    s = view.session
    return {
        "course_id": s.course_id,
        "session": s.session,
        "client_id": s.client_id,
        "treatment_id": s.treatment_id,
        "therapist_id": s.therapist_id,
        "room_id": s.room_id,
        "start": view.start.strftime(MOMENT_FORMAT),
        "end": view.end.strftime(MOMENT_FORMAT),
        "caution": view.caution,
    }


def unscheduled_of(snapshot: SpaSnapshot) -> tuple[UnscheduledSession, ...]:
    """Every session the published plan leaves out, with the manager's reason (which may name
    a health condition: for the manager only). Worked out once per snapshot.

    Parameters
    ----------
    snapshot
        The spa as it stands (:meth:`planner.live.LiveSpa.snapshot`).

    Returns
    -------
    tuple of UnscheduledSession
        In the scenario's course order, then by session.
    """
    known = _explained_for(snapshot)
    if known is not None:
        return known
    with _explaining:
        known = _explained_for(snapshot)
        if known is not None:
            return known
        # The model's package only: the explanation needs no solver (no ortools is loaded).
        from planner.model import explain_plan

        found = tuple(explain_plan(snapshot.scenario, snapshot.sessions))
        with _explained_lock:
            _explained.insert(0, (snapshot, found))
            del _explained[_EXPLAINED_KEEP:]
        return found


def _explained_for(snapshot: SpaSnapshot) -> tuple[UnscheduledSession, ...] | None:
    with _explained_lock:
        for seen, found in _explained:
            if seen is snapshot:
                return found
    return None


def _masked(snapshot: SpaSnapshot, rows: Iterable[UnscheduledSession]) -> list[UnscheduledSession]:
    scenario = snapshot.scenario
    return [
        UnscheduledSession(
            u.course_id,
            u.session,
            u.client_id,
            u.treatment_id,
            without_conditions(scenario, u.client_id, u.reason),
        )
        for u in rows
    ]


def plan_for(snapshot: SpaSnapshot, role: str, therapist_id: str | None = None) -> RoleView:
    """The published plan of ``snapshot`` as ``role`` may see it.

    Parameters
    ----------
    snapshot
        The spa as it stands.
    role
        ``manager``, ``desk`` or ``therapist``.
    therapist_id
        The therapist whose sessions a ``therapist`` sees (required for that role, ignored for
        the others).

    Returns
    -------
    RoleView
        Manager: everything, reasons naming conditions. Desk: every session, reasons with
        "a health condition". Therapist: their sessions only, no left-out sessions.

    Raises
    ------
    UnknownRole
        For another role, or the role ``therapist`` without a therapist id.
    """
    if role not in VIEW_ROLES:
        raise UnknownRole(f"unknown role {role!r}: expected one of {', '.join(VIEW_ROLES)}")
    if role == THERAPIST and not therapist_id:
        raise UnknownRole("a therapist's view needs the therapist's id")
    sessions = snapshot.sessions
    unscheduled: Sequence[UnscheduledSession] = ()
    if role == THERAPIST:
        sessions = tuple(s for s in sessions if s.therapist_id == therapist_id)
    elif role == MANAGER:
        unscheduled = unscheduled_of(snapshot)
    else:
        unscheduled = _masked(snapshot, unscheduled_of(snapshot))
    return RoleView(
        role=role,
        therapist_id=therapist_id if role == THERAPIST else None,
        version=snapshot.version,
        first_day=snapshot.first_day,
        last_day=snapshot.last_day,
        sessions=tuple(session_views(snapshot.scenario, sessions)),
        unscheduled=tuple(unscheduled),
    )


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def therapist_week(
    snapshot: SpaSnapshot, therapist_id: str, today: date, week_of: date | None = None
) -> TherapistWeek:
    """A therapist's sessions today and in the week around ``week_of`` (default: today).

    Parameters
    ----------
    snapshot
        The spa as it stands.
    therapist_id
        Whose sessions (only theirs are read).
    today
        The spa's date now.
    week_of
        Any day of the week to show (Monday to Sunday).

    Returns
    -------
    TherapistWeek
        Every day of the week, days without a session included (a day off shows as such).
    """
    view = plan_for(snapshot, THERAPIST, therapist_id)
    monday = _monday(week_of or today)
    days = tuple(
        TherapistDay(
            monday + timedelta(days=i),
            tuple(v for v in view.sessions if v.day == monday + timedelta(days=i)),
        )
        for i in range(7)
    )
    therapist = snapshot.scenario.therapist_by_id.get(therapist_id)
    before, after = monday - timedelta(days=7), monday + timedelta(days=7)
    return TherapistWeek(
        therapist_id=therapist_id,
        therapist_name=therapist.name if therapist else therapist_id,
        today=today,
        today_sessions=tuple(v for v in view.sessions if v.day == today),
        days=days,
        previous_week=before if monday > view.first_day else None,
        next_week=after if after <= view.last_day else None,
    )


def therapist_calendar(
    snapshot: SpaSnapshot, therapist_id: str, exports: Path | None, now: datetime | None = None
) -> bytes:
    """The iCalendar file of one therapist's published sessions (their calendar feed).

    Written by the exports' own writer (:func:`planner.export.ics.write_calendars`): the same
    events, UIDs and texts as ``calendars/<id>.ics`` in the exports folder, whose revision
    numbers it continues. Nothing of another therapist; no condition, no phone.

    Parameters
    ----------
    snapshot
        The spa as it stands.
    therapist_id
        Whose sessions.
    exports
        The exports folder the plan was published to (its calendars give the events'
        revisions); None or a folder without calendars: every event is at revision 0.
    now
        Stamped on events new since the last export (UTC); default: the current time.

    Returns
    -------
    bytes
        The ``.ics`` file.
    """
    view = plan_for(snapshot, THERAPIST, therapist_id)
    previous = None if exports is None else exports / CALENDAR_FOLDER
    stamp = (now or datetime.now(UTC)).astimezone(UTC)
    with tempfile.TemporaryDirectory(prefix="planner-feed-") as folder:
        written = write_calendars(
            Path(folder),
            snapshot.scenario,
            view.sessions,
            stamp,
            previous=previous if previous is not None and previous.is_dir() else None,
        )
        name = calendar_file_names(_owner_ids(snapshot, therapist_id))[therapist_id]
        for path in written:
            if path.name == name:
                return path.read_bytes()
    # A therapist the scenario no longer knows, with no session: an empty calendar, so that a
    # subscribed phone drops the events it had.
    return _empty_calendar(therapist_id)


def _owner_ids(snapshot: SpaSnapshot, therapist_id: str) -> list[str]:
    """The therapist ids :func:`write_calendars` names files for, in its order."""
    ids = [t.id for t in snapshot.scenario.therapists]
    return ids if therapist_id in ids else [*ids, therapist_id]


def _empty_calendar(title: str) -> bytes:
    calendar = Calendar()
    calendar.add("PRODID", PRODID)
    calendar.add("VERSION", "2.0")
    calendar.add("X-WR-CALNAME", title)
    return bytes(calendar.to_ical())


__all__ = [
    "DESK",
    "MANAGER",
    "MOMENT_FORMAT",
    "THERAPIST",
    "VIEW_ROLES",
    "RoleView",
    "TherapistDay",
    "TherapistWeek",
    "UnknownRole",
    "plan_for",
    "session_json",
    "therapist_calendar",
    "therapist_week",
    "unscheduled_of",
]
