"""The capacity cuts: what a therapist-day, and the rooms of a day, can hold in minutes and in
number. They are redundant (no valid plan is lost) but on their own already cap the sessions a
day at what fits; the model without them would book every session."""

from __future__ import annotations

from functools import partial

from planner.model import CandidateBuilder
from planner.model.cpsat.constraints.capacity_cuts import add_capacity_cuts, add_room_capacity_cuts
from planner.scenario.types import Scenario
from tests.model.cpsat.families import MONDAY, Place, at, broken_rules, most_sessions, placed, spa

TURNOVER = 15


def three_courses(therapists: int, rooms: int, shift_end: str, close_at: str = "21:00") -> Scenario:
    """Three clients' single 60-minute sessions; therapists work 09:00 to ``shift_end``, the
    spa closes at ``close_at``."""
    b = spa()
    for n in range(1, therapists + 1):
        b.add_therapist(f"t{n}", specialties=["relaxing"], shifts=[(MONDAY, "09:00", shift_end)])
    for n in range(1, rooms + 1):
        b.add_room(f"r{n}", equipment=["table"])
    for n in (1, 2, 3):
        b.add_client(f"c{n}")
        b.add_course(f"co{n}", f"c{n}", "relax", 1, needs_assessment=False)
    if close_at != "21:00":
        b.close_room("r1", MONDAY, close_at, "21:00")
    return b.build()


def test_a_therapist_day_holds_what_fits_with_turnover():
    # 09:00-11:15: 60 + 15 + 60 minutes, two sessions (the last turnover may run past the end).
    scenario = three_courses(therapists=1, rooms=3, shift_end="11:15")
    work = CandidateBuilder(scenario).work
    cuts = partial(add_capacity_cuts, work=work, turnover=TURNOVER)

    assert most_sessions(scenario, []) == 3
    assert most_sessions(scenario, [cuts]) == 2
    # The cut keeps the valid plan of two back-to-back sessions.
    places = [
        Place("co1", 1, at(0, "09:00"), "t1", "r1"),
        Place("co2", 1, at(0, "10:15"), "t1", "r2"),
    ]
    assert broken_rules(scenario, places) == set()
    assert placed(scenario, [cuts], places) is not None


def test_a_longer_day_holds_all_three():
    scenario = three_courses(therapists=1, rooms=3, shift_end="12:30")
    cuts = partial(add_capacity_cuts, work=CandidateBuilder(scenario).work, turnover=TURNOVER)

    assert most_sessions(scenario, [cuts]) == 3


def test_the_rooms_of_a_day_hold_what_fits_in_their_open_hours():
    # Three therapists but one room, open until 11:15 (closed after): two sessions fit.
    scenario = three_courses(therapists=3, rooms=1, shift_end="17:00", close_at="11:15")
    cuts = partial(add_room_capacity_cuts, scenario=scenario, turnover=TURNOVER)

    assert most_sessions(scenario, []) == 3
    assert most_sessions(scenario, [cuts]) == 2
    places = [
        Place("co1", 1, at(0, "09:00"), "t1", "r1"),
        Place("co2", 1, at(0, "10:15"), "t2", "r1"),
    ]
    assert broken_rules(scenario, places) == set()
    assert placed(scenario, [cuts], places) is not None
