"""What a front-desk booking did, in ids and times (it is printed, logged and published)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from planner.plan.types import PlannedSession
from planner.scenario.bookings import ReleasedBooking
from planner.scenario.timeaxis import date_of, format_clock, format_datetime

REPORT_FILE = "book.json"


class BookFailure(Exception):
    """A booking that did not happen; ``exit_code`` from :mod:`planner.exitcodes`. Nothing was
    written (or all of it was put back)."""

    def __init__(self, exit_code: int, message: str) -> None:
        self.exit_code = exit_code
        super().__init__(message)


def _session_dict(horizon_start: date, s: PlannedSession) -> dict[str, Any]:
    return {
        "course_id": s.course_id,
        "session": s.session,
        "therapist_id": s.therapist_id,
        "room_id": s.room_id,
        "start": format_datetime(horizon_start, s.start),
        "end": format_datetime(horizon_start, s.end),
    }


@dataclass(frozen=True)
class Completion:
    """Booked sessions of ``pinned.csv`` the published plan did not carry (a booking killed
    between the scenario's swap and the publish), and what became of them.

    ``run_id`` is the run that published the plan with them (None: not published, ``reason``
    says why in rule numbers and ids; the next re-plan keeps or releases them).
    """

    sessions: tuple[PlannedSession, ...]
    horizon_start: date
    run_id: int | None = None
    previous_run_id: int | None = None
    reason: str | None = None

    @property
    def published(self) -> bool:
        """True if the published plan carries the sessions now."""
        return self.run_id is not None

    def courses(self) -> list[str]:
        """The courses whose booked sessions were missing, in order."""
        return list(dict.fromkeys(s.course_id for s in self.sessions))

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (``book.json`` of the run that completed them); ids only."""
        return {
            "completed_after_restart": True,
            "run_id": self.run_id,
            "previous_run_id": self.previous_run_id,
            "published": self.published,
            "reason": self.reason,
            "booked": [_session_dict(self.horizon_start, s) for s in self.sessions],
        }

    def lines(self) -> list[str]:
        """What happened, for a terminal (ids and counts)."""
        what = f"{len(self.sessions)} booked session(s) of {', '.join(self.courses())}"
        if self.published:
            return [f"completed a booking after a restart: {what} published as run {self.run_id}"]
        return [
            f"a booking was not completed after a restart: {what} {self.reason}; the next "
            "re-plan keeps them or releases them (`planner nightly`)"
        ]


@dataclass(frozen=True)
class BookResult:
    """A published booking.

    ``booked`` are the course's sessions as booked (and pinned); ``complete`` is False when
    only the first ``len(booked)`` of ``sessions`` fit; ``moves`` are the published sessions
    moved to make room, as ``(before, after)``; ``released`` the earlier bookings a scenario
    change made impossible (they were re-planned as the fit allowed: left out until the next
    nightly); ``completed`` an earlier booking that a kill left in ``pinned.csv`` but not in
    the published plan, completed first under the same lock (None: there was none).
    """

    run_id: int
    previous_run_id: int | None
    course_id: str
    client_id: str
    new_client: bool
    option: int
    sessions: int
    booked: tuple[PlannedSession, ...]
    complete: bool
    horizon_start: date
    booked_at: int
    exports: Path
    reason: str | None = None
    moves: tuple[tuple[PlannedSession, PlannedSession], ...] = ()
    released: tuple[ReleasedBooking, ...] = field(default_factory=tuple)
    completed: Completion | None = None

    def _when(self, s: PlannedSession) -> str:
        day = date_of(self.horizon_start, s.start)
        base = (day - self.horizon_start).days * 1440
        return f"{day:%a %Y-%m-%d} {format_clock(s.start - base)}-{format_clock(s.end - base)}"

    def _session(self, s: PlannedSession) -> dict[str, Any]:
        return _session_dict(self.horizon_start, s)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (``book.json`` in the exports); ids only."""
        return {
            "run_id": self.run_id,
            "previous_run_id": self.previous_run_id,
            "course_id": self.course_id,
            "client_id": self.client_id,
            "new_client": self.new_client,
            "option": self.option,
            "complete": self.complete,
            "sessions": self.sessions,
            "booked_at": format_datetime(self.horizon_start, self.booked_at),
            "booked": [self._session(s) for s in self.booked],
            "moves": [
                {"before": self._session(a), "after": self._session(b)} for a, b in self.moves
            ],
            "released_bookings": [asdict(r) for r in self.released],
            "exports": str(self.exports),
            "completed_before": None if self.completed is None else self.completed.to_dict(),
        }

    def lines(self) -> list[str]:
        """The booking for the front desk's terminal (ids, days and times)."""
        kind = (
            "complete" if self.complete else f"first {len(self.booked)} of {self.sessions} sessions"
        )
        out = [f"booked course {self.course_id} for client {self.client_id} (option "
               f"{self.option}): {kind}"]  # fmt: skip
        if not self.complete and self.reason:
            out.append(f"not booked: {self.reason}")
        out += [
            f"  session {s.session}: {self._when(s)}, therapist {s.therapist_id}, room {s.room_id}"
            for s in self.booked
        ]
        out += [
            f"moved {a.course_id} session {a.session}: {self._when(a)} {a.therapist_id} "
            f"{a.room_id} -> {self._when(b)} {b.therapist_id} {b.room_id}"
            for a, b in self.moves
        ]
        out += [f"released booking {r}" for r in self.released]
        out.append(f"run {self.run_id} published to {self.exports}")
        return ([] if self.completed is None else self.completed.lines()) + out


__all__ = ["REPORT_FILE", "BookFailure", "BookResult", "Completion"]
