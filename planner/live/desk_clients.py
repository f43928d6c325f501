"""The front desk's look-ups: clients by name or phone, a new client's id, a course's calendar.

A client's own calendar file holds the sessions of one course: the treatment, the room, the
therapist's name and the times, never a health condition, never another client.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime

from icalendar import Calendar, Event

from planner.book import new_client_id
from planner.export.ics import PRODID, event_uid
from planner.export.views import SessionView, session_views
from planner.fit.request import PHONE
from planner.live.spa import SpaSnapshot
from planner.scenario.types import Client, Scenario

_DIGITS = re.compile(r"\D+")


@dataclass(frozen=True)
class ClientMatch:
    """A client the desk found: id, name and phone (None: none on file)."""

    client_id: str
    name: str
    phone: str | None


def phone_of(client: Client) -> str | None:
    """The client's phone number, if ``clients.csv`` has one."""
    return next((value for key, value in client.details if key.lower() == PHONE), None)


def find_clients(scenario: Scenario, text: str, limit: int = 20) -> list[ClientMatch]:
    """Clients whose name or id contains ``text`` (case-blind), or whose phone contains its
    digits (spaces, dashes and ``+`` ignored); name order, at most ``limit``."""
    words = text.strip().lower()
    digits = _DIGITS.sub("", text)
    if not words:
        return []
    found = []
    for client in scenario.clients:
        phone = phone_of(client)
        by_name = words in client.name.lower() or words == client.id.lower()
        by_phone = len(digits) >= 3 and phone is not None and digits in _DIGITS.sub("", phone)
        if by_name or by_phone:
            found.append(ClientMatch(client.id, client.name, phone))
    found.sort(key=lambda m: (m.name.lower(), m.client_id))
    return found[:limit]


def course_views(snapshot: SpaSnapshot, course_id: str) -> list[SessionView]:
    """The published sessions of ``course_id`` as people read them, in time order."""
    mine = [s for s in snapshot.sessions if s.course_id == course_id]
    return sorted(session_views(snapshot.scenario, mine), key=lambda v: v.session.start)


def course_calendar(snapshot: SpaSnapshot, course_id: str, now: datetime) -> bytes:
    """An iCalendar file of the course's published sessions for the client to keep.

    Parameters
    ----------
    snapshot
        The spa as it stands.
    course_id
        The course (its sessions only: no other client's).
    now
        The time stamped on the events.
    """
    scenario = snapshot.scenario
    spa = scenario.settings.name or snapshot.spa
    calendar = Calendar()
    calendar.add("PRODID", PRODID)
    calendar.add("VERSION", "2.0")
    calendar.add("NAME", f"{spa}: {course_id}")
    stamp = now.replace(tzinfo=UTC) if now.tzinfo is None else now
    for view in course_views(snapshot, course_id):
        s = view.session
        event = Event()
        event.add(
            "UID", event_uid(f"client:{spa}", scenario.settings.start, s.course_id, s.session)
        )
        event.add("SUMMARY", f"{view.treatment_name} at {spa}")
        event.add("LOCATION", view.room_name)
        event.add("DTSTART", view.start)
        event.add("DTEND", view.end)
        event.add("DTSTAMP", stamp)
        event.add(
            "DESCRIPTION",
            f"Session {s.session} of {view.sessions_in_course} with {view.therapist_name}.",
        )
        calendar.add_component(event)
    return bytes(calendar.to_ical())


__all__ = [
    "ClientMatch",
    "course_calendar",
    "course_views",
    "find_clients",
    "new_client_id",
    "phone_of",
]
