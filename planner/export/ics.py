"""One iCalendar file per therapist, for their phone's or mail program's calendar.

Re-exporting a plan updates events instead of duplicating them: each session's ``UID`` is derived
from (calendar id, horizon start, course, session number), so it stays the same however often the
plan is re-solved, and ``SEQUENCE`` / ``DTSTAMP`` / ``LAST-MODIFIED`` change only for sessions
whose time, room or text changed since the previous export in the same folder.

An event shows the treatment, the client's name and the room; a session under a ``local``
contraindication says only that the therapist must avoid the affected area. Nothing else about
the client (condition, contact data) is ever written.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
import threading
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo

from icalendar import Calendar, Component, Event

from planner.export.views import CAUTION_TEXT, SessionView
from planner.scenario.types import Scenario

CALENDAR_FOLDER = "calendars"
PRODID = "-//planner//spa roster//EN"
# Namespace of this project's event UIDs; fixed forever, or every calendar would duplicate.
_UID_NAMESPACE = uuid.UUID("5c3f0e1a-9b7d-4e2a-8f61-2d4b9c7a1e30")
# Properties whose change makes an event a new revision (SEQUENCE + 1).
_REVISION_PROPERTIES = ("DTSTART", "DTEND", "SUMMARY", "LOCATION", "DESCRIPTION", "STATUS")
_UNSAFE_FILE_CHARACTERS = re.compile(r"[^\w.-]+")


@dataclass(frozen=True)
class _Revision:
    """What the previous export said about one event."""

    fingerprint: tuple[tuple[bytes, str | None], ...]
    sequence: int
    stamp: datetime
    created: datetime


def event_uid(calendar_id: str, horizon_start: date, course_id: str, session: int) -> str:
    """The stable ``UID`` of a session's event.

    The horizon start is part of the key because session numbers restart with every horizon: a
    course's session 1 of next week must not replace session 1 of this week in a calendar.
    """
    key = "\x1f".join((calendar_id, horizon_start.isoformat(), course_id, str(session)))
    return f"{uuid.uuid5(_UID_NAMESPACE, key)}@planner"


def calendar_file_names(therapist_ids: Sequence[str]) -> dict[str, str]:
    """A distinct, file-system-safe ``.ics`` file name per therapist id (ids are case-sensitive;
    some file systems are not, so names are kept distinct ignoring case)."""
    names: dict[str, str] = {}
    taken: set[str] = set()
    for therapist_id in therapist_ids:
        base = _UNSAFE_FILE_CHARACTERS.sub("_", therapist_id).strip("._") or "therapist"
        name, number = base, 2
        while name.lower() in taken:
            name, number = f"{base}-{number}", number + 1
        taken.add(name.lower())
        names[therapist_id] = f"{name}.ics"
    return names


def _fingerprint(event: Component) -> tuple[tuple[bytes, str | None], ...]:
    parts: list[tuple[bytes, str | None]] = []
    for name in _REVISION_PROPERTIES:
        value = event.get(name)
        if value is None:
            parts.append((b"", None))
        else:
            tz = value.params.get("TZID") if hasattr(value, "params") else None
            parts.append((value.to_ical(), None if tz is None else str(tz)))
    return tuple(parts)


def _as_datetime(event: Component, name: str) -> datetime | None:
    value = event.get(name)
    moment = getattr(value, "dt", None)
    return moment if isinstance(moment, datetime) else None


class _Written:
    """The events of the calendar files this process wrote last, by the files' digest.

    A server publishes the plan after every booking, and each publish reads the previous
    calendars back: parsing a month of them takes seconds, while their events were at hand when
    they were written. A file whose bytes are exactly what was written is not parsed again. (The
    events' revisions are worked out only when asked for: a one-shot command never asks.)
    """

    keep = 512

    def __init__(self) -> None:
        self._by_digest: dict[bytes, list[Event]] = {}
        self._lock = threading.Lock()

    @staticmethod
    def digest(content: bytes) -> bytes:
        return hashlib.blake2b(content, digest_size=20).digest()

    def remember(self, content: bytes, events: list[Event]) -> None:
        with self._lock:
            self._by_digest[self.digest(content)] = events
            while len(self._by_digest) > self.keep:
                del self._by_digest[next(iter(self._by_digest))]

    def recall(self, content: bytes) -> dict[str, _Revision] | None:
        with self._lock:
            events = self._by_digest.get(self.digest(content))
        return None if events is None else _revisions_of(events)


_WRITTEN = _Written()


def _revisions_of(events: Sequence[Component]) -> dict[str, _Revision]:
    found: dict[str, _Revision] = {}
    for event in events:
        stamp = _as_datetime(event, "DTSTAMP")
        uid = event.get("UID")
        if uid is None or stamp is None:
            continue
        sequence = 0
        with contextlib.suppress(TypeError, ValueError):
            sequence = int(event.get("SEQUENCE", 0))
        created = _as_datetime(event, "CREATED") or stamp
        found[str(uid)] = _Revision(_fingerprint(event), sequence, stamp, created)
    return found


def read_revisions(folder: Path) -> dict[str, _Revision]:
    """The events of a previous export's calendars by UID (unreadable files are skipped: the
    previous export only refines revision numbers, it is never required)."""
    found: dict[str, _Revision] = {}
    for path in sorted(folder.glob("*.ics")):
        try:
            content = path.read_bytes()
            known = _WRITTEN.recall(content)
            if known is None:
                known = _revisions_of(Calendar.from_ical(content).walk("VEVENT"))
        except (OSError, ValueError):
            continue
        found.update(known)
    return found


def _description(view: SessionView) -> str:
    lines = [f"Session {view.session_label}."]
    if view.assessment_minutes:
        lines.append(f"Includes a {view.assessment_minutes}-minute assessment.")
    if view.caution:
        lines.append(CAUTION_TEXT)
    return "\n".join(lines)


def _event(view: SessionView, uid: str, zone: tzinfo | None) -> Event:
    event = Event()
    event.add("UID", uid)
    event.add("SUMMARY", f"{view.treatment_name} – {view.client_name}")
    event.add("LOCATION", view.room_name)
    event.add("DTSTART", view.start.replace(tzinfo=zone))
    event.add("DTEND", view.end.replace(tzinfo=zone))
    event.add("DESCRIPTION", _description(view))
    event.add("STATUS", "CONFIRMED")
    event.add("TRANSP", "OPAQUE")
    return event


def _stamp(event: Event, previous: _Revision | None, now: datetime) -> None:
    """Add revision properties: kept from the previous export if the event did not change."""
    if previous is not None and previous.fingerprint == _fingerprint(event):
        sequence, stamp, created = previous.sequence, previous.stamp, previous.created
    elif previous is not None:
        sequence, stamp, created = previous.sequence + 1, now, previous.created
    else:
        sequence, stamp, created = 0, now, now
    event.add("SEQUENCE", sequence)
    event.add("DTSTAMP", stamp)
    event.add("CREATED", created)
    event.add("LAST-MODIFIED", stamp)


def _owners(scenario: Scenario, views: Sequence[SessionView]) -> list[tuple[str, str]]:
    """(id, name) of every therapist with a calendar: the scenario's, then any other the plan
    books (by id, named by it)."""
    therapists = [(t.id, t.name) for t in scenario.therapists]
    known = {t.id for t in scenario.therapists}
    return therapists + [(i, i) for i in sorted({v.session.therapist_id for v in views} - known)]


def _calendar(title: str, tzid: str | None) -> Calendar:
    """An empty calendar named ``title``, in the time zone ``tzid`` if given."""
    calendar = Calendar()
    calendar.add("PRODID", PRODID)
    calendar.add("VERSION", "2.0")
    calendar.add("CALSCALE", "GREGORIAN")
    calendar.add("NAME", title)
    calendar.add("X-WR-CALNAME", title)
    if tzid:
        calendar.add("X-WR-TIMEZONE", tzid)
    return calendar


def write_calendars(
    folder: Path,
    scenario: Scenario,
    views: Sequence[SessionView],
    now: datetime,
    calendar_id: str | None = None,
    tzid: str | None = None,
    previous: Path | None = None,
) -> list[Path]:
    """Write ``<folder>/calendars/<therapist id>.ics`` for every therapist (empty ones too, so a
    subscribed calendar drops sessions the new plan no longer gives that therapist).

    Parameters
    ----------
    folder
        Export folder; the calendars go into its ``calendars`` sub-folder.
    scenario
        The scenario the plan belongs to.
    views
        The scheduled sessions.
    now
        Time of this export (timezone-aware, UTC), stamped on new and changed events.
    calendar_id
        Identifies the spa in event UIDs; default: the scenario's name.
    tzid
        IANA time zone of the spa (e.g. ``Europe/Kyiv``); default: floating local time.
    previous
        ``calendars`` folder of the previous export, whose revision numbers are continued.

    Returns
    -------
    list[Path]
        The files written.
    """
    zone = ZoneInfo(tzid) if tzid else None
    identity = calendar_id or scenario.settings.name or "planner"
    revisions = read_revisions(previous) if previous is not None and previous.is_dir() else {}
    therapists = _owners(scenario, views)
    files = calendar_file_names([therapist_id for therapist_id, _ in therapists])
    target = folder / CALENDAR_FOLDER
    target.mkdir(parents=True, exist_ok=True)
    written = []
    by_therapist: dict[str, list[SessionView]] = {}
    for view in views:
        by_therapist.setdefault(view.session.therapist_id, []).append(view)
    for therapist_id, name in therapists:
        title = f"{name} – {scenario.settings.name}" if scenario.settings.name else name
        calendar = _calendar(title, tzid)
        events = []
        for view in by_therapist.get(therapist_id, ()):
            s = view.session
            uid = event_uid(identity, scenario.settings.start, s.course_id, s.session)
            event = _event(view, uid, zone)
            _stamp(event, revisions.get(uid), now)
            calendar.add_component(event)
            events.append(event)
        if zone is not None:
            calendar.add_missing_timezones()
        path = target / files[therapist_id]
        content = calendar.to_ical()
        path.write_bytes(content)
        _WRITTEN.remember(content, events)
        written.append(path)
    return written
