"""Pinned sessions as the sessions they book: client and treatment from the course, the length
from the treatment (with the assessment on session 1), in the order of the pins."""

from __future__ import annotations

from datetime import date

from planner.check import check_sessions
from planner.plan.pinned_sessions import pinned_sessions
from planner.scenario.builder import ScenarioBuilder
from planner.scenario.types import Scenario

MONDAY, TUESDAY = date(2026, 12, 7), date(2026, 12, 8)


def pinned_spa() -> Scenario:
    b = ScenarioBuilder("pins", start=MONDAY, days=2)
    days = [(MONDAY, "09:00", "17:00"), (TUESDAY, "09:00", "17:00")]
    b.add_therapist("t1", specialties=["relaxing"], shifts=days)
    b.add_room("r1", equipment=["table"])
    b.add_treatment("relax", specialty="relaxing", duration=60, equipment=["table"])
    b.add_client("c1")
    b.add_client("c2")
    b.add_course("co1", "c1", "relax", 2)  # an assessment before session 1: 15 minutes
    b.add_course("co2", "c2", "relax", 1, needs_assessment=False)
    b.pin("co1", 2, "t1", "r1", "2026-12-08T11:00")
    b.pin("co1", 1, "t1", "r1", "2026-12-07T09:00")
    b.pin("co2", 1, "t1", "r1", "2026-12-07T11:00")
    return b.build()


def test_each_pin_becomes_the_session_it_books_in_pin_order():
    scenario = pinned_spa()

    sessions = pinned_sessions(scenario)

    assert [(s.course_id, s.session, s.client_id, s.treatment_id, s.start, s.end)
            for s in sessions] == [
        ("co1", 2, "c1", "relax", 1440 + 660, 1440 + 720),
        ("co1", 1, "c1", "relax", 540, 615),  # 60 minutes and the assessment
        ("co2", 1, "c2", "relax", 660, 720),
    ]  # fmt: skip
    assert all((s.therapist_id, s.room_id) == ("t1", "r1") for s in sessions)
    assert check_sessions(scenario, sessions) == []


def test_only_the_pins_given():
    scenario = pinned_spa()

    sessions = pinned_sessions(scenario, scenario.pins[2:])

    assert [(s.course_id, s.session) for s in sessions] == [("co2", 1)]
    assert pinned_sessions(scenario, []) == []
