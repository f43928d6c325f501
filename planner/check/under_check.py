"""The plan under check: a read-only view of its sessions against the scenario, for the rules.

Everything here is derived from the scenario alone, never from the optimisation model, so the
checker stays independent of it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from planner.plan.types import Plan, PlannedSession
from planner.scenario.timeaxis import MINUTES_PER_DAY, day_index, format_clock, format_datetime
from planner.scenario.types import Course, Scenario, Treatment

SessionKey = tuple[str, int]


def _order(s: PlannedSession) -> tuple[int, str, str, int, int, str]:
    return (*Plan.sort_key(s), s.end, s.room_id)


@dataclass(frozen=True)
class PlanUnderCheck:
    """A plan's sessions in plan order, with lookups and wording helpers for messages.

    Every rule function takes one; ``partial`` marks part of a plan (the pinned sessions alone).
    """

    scenario: Scenario
    sessions: tuple[PlannedSession, ...]
    partial: bool = False
    _courses: dict[str, Course] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "sessions", tuple(sorted(self.sessions, key=_order)))
        object.__setattr__(self, "_courses", self.scenario.course_by_id)

    @staticmethod
    def of(scenario: Scenario, sessions: Sequence[PlannedSession], partial: bool) -> PlanUnderCheck:
        """Context for ``sessions`` (any order) of ``scenario``."""
        return PlanUnderCheck(scenario, tuple(sessions), partial)

    # Lookups ---------------------------------------------------------------------------------
    def course(self, s: PlannedSession) -> Course | None:
        """The course the session belongs to, or None if the plan names an unknown one."""
        return self._courses.get(s.course_id)

    def treatment(self, s: PlannedSession) -> Treatment | None:
        """The treatment given: the course's, else the one the plan row names (if known)."""
        course = self.course(s)
        treatment_id = course.treatment_id if course is not None else s.treatment_id
        return self.scenario.treatment_by_id.get(treatment_id)

    def client_id(self, s: PlannedSession) -> str:
        """The client who comes: the course's client, else the one the plan row names."""
        course = self.course(s)
        return course.client_id if course is not None else s.client_id

    def day(self, s: PlannedSession) -> int:
        """Horizon day the session starts on (its date for every per-date rule)."""
        return day_index(s.start)

    def date(self, s: PlannedSession) -> date:
        """Calendar date the session starts on."""
        return self.scenario.settings.day_date(self.day(s))

    # Wording ---------------------------------------------------------------------------------
    def at(self, minute: int) -> str:
        """An axis minute as ``YYYY-MM-DDTHH:MM``."""
        return format_datetime(self.scenario.settings.start, minute)

    def span(self, start: int, end: int) -> str:
        """A period; the end shows only its clock time when it falls on the start's date."""
        base = day_index(start) * MINUTES_PER_DAY
        if start < end <= base + MINUTES_PER_DAY:
            return f"{self.at(start)} to {format_clock(end - base)}"
        return f"{self.at(start)} to {self.at(end)}"

    @staticmethod
    def label(s: PlannedSession) -> str:
        """How a message names a session: ``co1 session 2``."""
        return f"{s.course_id} session {s.session}"

    def described(self, s: PlannedSession) -> str:
        """``co1 session 2 (2026-12-07T10:00 to 11:00)``."""
        return f"{self.label(s)} ({self.span(s.start, s.end)})"


def keys(sessions: Iterable[PlannedSession]) -> tuple[SessionKey, ...]:
    """The ``(course_id, session)`` pairs of ``sessions``, in the given order."""
    return tuple((s.course_id, s.session) for s in sessions)


def duration_text(minutes: int) -> str:
    """``1365 minutes (22 h 45 min)``: exact minutes, with hours for reading."""
    sign = "-" if minutes < 0 else ""
    hours, rest = divmod(abs(minutes), 60)
    if hours == 0:
        return f"{minutes} minutes"
    human = f"{sign}{hours} h" + (f" {rest} min" if rest else "")
    return f"{minutes} minutes ({human})"
