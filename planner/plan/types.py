"""A plan: the sessions booked and those unscheduled, as the contract's outputs describe them.

Plain values with no solver behind them: the model returns them, the checker checks them, and
every consumer (archive, what-if, exports, nightly) reads them without loading CP-SAT.
"""

from __future__ import annotations

from dataclasses import dataclass

PLAN_COLUMNS = (
    "course_id",
    "session",
    "client_id",
    "treatment_id",
    "therapist_id",
    "room_id",
    "start",
    "end",
)
UNSCHEDULED_COLUMNS = ("course_id", "session", "client_id", "treatment_id", "reason")


@dataclass(frozen=True)
class PlannedSession:
    """One scheduled session; ``start`` / ``end`` are axis minutes.

    ``caution`` marks a session allowed under a ``local`` contraindication: the therapist must
    avoid the affected area. It says nothing about which condition.
    """

    course_id: str
    session: int
    client_id: str
    treatment_id: str
    therapist_id: str
    room_id: str
    start: int
    end: int
    caution: bool = False


@dataclass(frozen=True)
class UnscheduledSession:
    """One session of a course that the plan leaves out, and why (a manager's sentence)."""

    course_id: str
    session: int
    client_id: str
    treatment_id: str
    reason: str


@dataclass(frozen=True)
class Plan:
    """Scheduled sessions sorted by (start, therapist_id) and the unscheduled rest."""

    sessions: tuple[PlannedSession, ...]
    unscheduled: tuple[UnscheduledSession, ...] = ()

    @staticmethod
    def sort_key(s: PlannedSession) -> tuple[int, str, str, int]:
        """The contract's order: start, then therapist (course and session break ties)."""
        return (s.start, s.therapist_id, s.course_id, s.session)

    def sorted(self) -> Plan:
        """The same plan with sessions in the contract's order."""
        return Plan(tuple(sorted(self.sessions, key=Plan.sort_key)), self.unscheduled)


@dataclass(frozen=True)
class Repair:
    """A session the final check took out of a solver's plan, and why.

    The solver's plan broke a hard rule there (a solver defect: it must never happen); rather
    than publish it, the session and the later sessions of its course were unscheduled.
    ``rules`` are the hard rules (1..12) it broke; empty for a later session of such a course.
    """

    course_id: str
    session: int
    rules: tuple[int, ...]
    reason: str

    def to_dict(self) -> dict[str, object]:
        """The JSON form written to ``summary.json`` under ``repaired``."""
        return {
            "course_id": self.course_id,
            "session": self.session,
            "rules": list(self.rules),
            "reason": self.reason,
        }
