"""Hard rules 8 and 11 across sessions in the model: session k+1 only after session k, at least
the minimum gap after its end and at most the maximum gap. (Session 1's gap to the course's
history before the horizon is kept by the pruning of its starts already, so no placement can
show this family's own part of it.)"""

from __future__ import annotations

from datetime import date

import pytest

from planner.model.cpsat.constraints.course_rules import add_course_rules
from planner.scenario.types import Scenario
from tests.model.cpsat.families import Place, at, broken_rules, placed, spa


def two_session_course(max_gap_hours: float | None = None) -> Scenario:
    """co1: two 60-minute sessions 24 h to ``max_gap_hours`` apart; t1 and r1 on three days."""
    b = spa(days=3)
    days = [date(2026, 12, 7 + n) for n in range(3)]
    b.add_therapist("t1", specialties=["relaxing"], shifts=[(d, "09:00", "17:00") for d in days])
    b.add_room("r1", equipment=["table"])
    b.add_client("c1")
    b.add_course("co1", "c1", "relax", 2, needs_assessment=False, max_gap_hours=max_gap_hours)
    return b.build()


def family(scenario: Scenario):
    return lambda model, mv: add_course_rules(model, mv, scenario)


def sessions(first: int, second: int) -> list[Place]:
    return [Place("co1", 1, first, "t1", "r1"), Place("co1", 2, second, "t1", "r1")]


@pytest.mark.parametrize(
    ("second", "allowed"),
    [
        (at(1, "10:00"), False),  # 23 h after session 1 ended at 11:00
        (at(1, "10:45"), False),
        (at(1, "11:00"), True),  # exactly 24 h
        (at(2, "16:00"), True),
    ],
)
def test_session_two_keeps_the_minimum_gap_after_session_one(second, allowed):
    scenario = two_session_course()
    places = sessions(at(0, "10:00"), second)

    assert placed(scenario, [], places) is not None
    assert (placed(scenario, [family(scenario)], places) is not None) is allowed
    assert (8 not in broken_rules(scenario, places)) is allowed


@pytest.mark.parametrize(
    ("second", "allowed"), [(at(1, "10:00"), True), (at(1, "14:00"), True), (at(1, "14:15"), False)]
)
def test_session_two_keeps_the_maximum_gap(second, allowed):
    scenario = two_session_course(max_gap_hours=28)  # until 14:00 the next day
    places = sessions(at(0, "09:00"), second)

    assert placed(scenario, [], places) is not None
    assert (placed(scenario, [family(scenario)], places) is not None) is allowed
    assert (8 not in broken_rules(scenario, places)) is allowed


def test_session_two_only_with_session_one():
    scenario = two_session_course()
    alone = [Place("co1", 2, at(1, "10:00"), "t1", "r1")]

    assert placed(scenario, [], alone) is not None
    assert placed(scenario, [family(scenario)], alone) is None
    assert placed(scenario, [family(scenario)], sessions(at(0, "09:00"), at(1, "10:00")))
