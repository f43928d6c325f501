"""Hard rule 6 in the model: a therapist, and a room, serve one session at a time, with the
turnover (15 minutes) after each; sessions that keep apart by the turnover are allowed."""

from __future__ import annotations

from functools import partial

import pytest

from planner.model.cpsat.constraints.no_overlap import add_room_no_overlap, add_therapist_no_overlap
from planner.scenario.types import Scenario
from tests.model.cpsat.families import MONDAY, Place, at, broken_rules, placed, spa

TURNOVER = 15


def two_courses(therapists: int, rooms: int) -> Scenario:
    """Two single-session courses of two clients; ``therapists`` x ``rooms`` to give them."""
    b = spa()
    for n in range(1, therapists + 1):
        b.add_therapist(f"t{n}", specialties=["relaxing"], shifts=[(MONDAY, "09:00", "17:00")])
    for n in range(1, rooms + 1):
        b.add_room(f"r{n}", equipment=["table"])
    for n in (1, 2):
        b.add_client(f"c{n}")
        b.add_course(f"co{n}", f"c{n}", "relax", 1, needs_assessment=False)
    return b.build()


# (second session's start, whether the rule allows it) after co1 at 09:00-10:00.
SECOND_STARTS = [("09:00", False), ("09:30", False), ("10:00", False), ("10:15", True)]


@pytest.mark.parametrize(("clock", "allowed"), SECOND_STARTS)
def test_one_therapist_serves_one_session_at_a_time_turnover_included(clock, allowed):
    scenario = two_courses(therapists=1, rooms=2)
    places = [
        Place("co1", 1, at(0, "09:00"), "t1", "r1"),
        Place("co2", 1, at(0, clock), "t1", "r2"),
    ]
    family = partial(add_therapist_no_overlap, turnover=TURNOVER)

    assert placed(scenario, [], places) is not None  # only this family forbids it
    assert (placed(scenario, [family], places) is not None) is allowed
    assert (6 not in broken_rules(scenario, places)) is allowed


@pytest.mark.parametrize(("clock", "allowed"), SECOND_STARTS)
def test_one_room_holds_one_session_at_a_time_turnover_included(clock, allowed):
    scenario = two_courses(therapists=2, rooms=1)
    places = [
        Place("co1", 1, at(0, "09:00"), "t1", "r1"),
        Place("co2", 1, at(0, clock), "t2", "r1"),
    ]
    family = partial(add_room_no_overlap, turnover=TURNOVER)

    assert placed(scenario, [], places) is not None
    assert (placed(scenario, [family], places) is not None) is allowed
    assert (6 not in broken_rules(scenario, places)) is allowed


def test_different_therapists_and_rooms_may_work_at_the_same_time():
    scenario = two_courses(therapists=2, rooms=2)
    places = [
        Place("co1", 1, at(0, "09:00"), "t1", "r1"),
        Place("co2", 1, at(0, "09:00"), "t2", "r2"),
    ]
    families = [
        partial(add_therapist_no_overlap, turnover=TURNOVER),
        partial(add_room_no_overlap, turnover=TURNOVER),
    ]

    plan = placed(scenario, families, places)
    assert plan is not None
    assert {(s.therapist_id, s.room_id) for s in plan} == {("t1", "r1"), ("t2", "r2")}
    assert broken_rules(scenario, places) == set()
