"""A small three-day spa built directly as a :class:`Scenario`, and a valid plan for it.

Rule tests start from the valid plan and change one thing, so each test shows exactly which
fact the checker must notice.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any

import pytest

from planner.check import Violation, check_sessions
from planner.plan import PlannedSession
from planner.scenario.timeaxis import parse_clock
from planner.scenario.types import (
    Client,
    Course,
    Intensity,
    Room,
    Scenario,
    Settings,
    Shift,
    Therapist,
    Treatment,
)

START = date(2026, 12, 7)  # a Monday


def at(day: int, clock: str) -> int:
    """Axis minute of ``clock`` on horizon day ``day``."""
    return day * 1440 + parse_clock(clock)


def _daily(therapist_id: str, periods: list[tuple[str, str]], days: int = 3) -> list[Shift]:
    return [
        Shift(therapist_id, at(day, start), at(day, end))
        for day in range(days)
        for start, end in periods
    ]


def base_scenario() -> Scenario:
    """Mon-Wed; t1 09-17 (relaxing, sports), t2 with a split shift 09-12 and 13-18."""
    return Scenario(
        settings=Settings(start=START, days=3),
        therapists=(
            Therapist("t1", "Olena", frozenset({"relaxing", "sports"})),
            Therapist("t2", "Iryna", frozenset({"relaxing"})),
        ),
        shifts=(
            *_daily("t1", [("09:00", "17:00")]),
            *_daily("t2", [("09:00", "12:00"), ("13:00", "18:00")]),
        ),
        rooms=(
            Room("r1", "Room 1", frozenset({"table"})),
            Room("r2", "Room 2", frozenset({"table", "shower"})),
        ),
        treatments=(
            Treatment("relax", "Relaxing massage", "relaxing", 60, frozenset({"table"})),
            Treatment(
                "sport",
                "Sports massage",
                "sports",
                45,
                frozenset({"table"}),
                Intensity.DEEP,
                min_gap_hours=24,
                max_gap_hours=48,
            ),
            Treatment("scrub", "Salt scrub", "relaxing", 30, frozenset({"shower"})),
        ),
        clients=(Client("c1", "Anna"), Client("c2", "Bohdan"), Client("c3", "Chrystia")),
        courses=(
            Course("co1", "c1", "relax", 3, priority=2),
            Course("co2", "c2", "sport", 2, needs_assessment=False),
            Course("co3", "c3", "scrub", 1, needs_assessment=False),
        ),
    )


@dataclass(frozen=True)
class Spa:
    """Helpers bound to one scenario: build sessions, check plans, replace parts."""

    scenario: Scenario

    def session(
        self,
        course_id: str,
        number: int,
        therapist: str,
        room: str,
        day: int,
        clock: str,
        length: int | None = None,
    ) -> PlannedSession:
        """A session whose length is the contract's unless ``length`` says otherwise."""
        course = self.scenario.course_by_id.get(course_id)
        if length is None:
            assert course is not None
            length = self.scenario.session_length(course, number)
        start = at(day, clock)
        return PlannedSession(
            course_id=course_id,
            session=number,
            client_id=course.client_id if course else "c1",
            treatment_id=course.treatment_id if course else "relax",
            therapist_id=therapist,
            room_id=room,
            start=start,
            end=start + length,
        )

    def valid_plan(self) -> list[PlannedSession]:
        """A plan of the base scenario that keeps every rule (asserted in test_valid_plan)."""
        return [
            self.session("co1", 1, "t1", "r1", 0, "09:00"),  # 75 min: assessment included
            self.session("co1", 2, "t1", "r1", 1, "10:15"),  # exactly 24 h after 10:15
            self.session("co1", 3, "t1", "r1", 2, "11:15"),
            self.session("co2", 1, "t1", "r2", 0, "10:30"),  # t1 free at 10:15 + 15
            self.session("co2", 2, "t1", "r1", 1, "12:00"),
            self.session("co3", 1, "t2", "r2", 0, "09:00"),
        ]

    def replace(self, **changes: Any) -> Spa:
        """The same spa with scenario fields replaced (``courses=...``, ``settings=...``)."""
        return Spa(replace(self.scenario, **changes))

    def with_settings(self, **changes: Any) -> Spa:
        return self.replace(settings=replace(self.scenario.settings, **changes))

    def with_course(self, course_id: str, **changes: Any) -> Spa:
        courses = tuple(
            replace(c, **changes) if c.id == course_id else c for c in self.scenario.courses
        )
        return self.replace(courses=courses)

    def with_therapist(self, therapist_id: str, **changes: Any) -> Spa:
        therapists = tuple(
            replace(t, **changes) if t.id == therapist_id else t for t in self.scenario.therapists
        )
        return self.replace(therapists=therapists)

    @staticmethod
    def at(day: int, clock: str) -> int:
        return at(day, clock)

    @staticmethod
    def swap(
        plan: list[PlannedSession], key: tuple[str, int], new: PlannedSession
    ) -> list[PlannedSession]:
        """``plan`` with the session ``key`` replaced by ``new``."""
        return [new if (s.course_id, s.session) == key else s for s in plan]

    @staticmethod
    def drop(plan: list[PlannedSession], *dropped: tuple[str, int]) -> list[PlannedSession]:
        """``plan`` without the sessions ``dropped``."""
        return [s for s in plan if (s.course_id, s.session) not in dropped]

    def check(self, sessions: list[PlannedSession], partial: bool = False) -> list[Violation]:
        return check_sessions(self.scenario, sessions, partial)

    def rules(self, sessions: list[PlannedSession], partial: bool = False) -> list[int]:
        """Rule numbers broken by ``sessions``, in report order."""
        return [v.rule for v in self.check(sessions, partial)]


@pytest.fixture
def spa() -> Spa:
    return Spa(base_scenario())
