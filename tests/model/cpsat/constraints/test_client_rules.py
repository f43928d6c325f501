"""Hard rule 7 in the model: a client comes to at most N sessions a day, and to one at a time."""

from __future__ import annotations

from functools import partial

import pytest

from planner.model.cpsat.constraints.client_rules import add_client_rules
from planner.scenario.types import Scenario
from tests.model.cpsat.families import MONDAY, Place, at, broken_rules, placed, spa


def one_client_two_courses(max_per_day: int) -> Scenario:
    """Client c1 booked two single-session courses; two therapists and rooms over two days."""
    b = spa(days=2, client_max_sessions_per_day=max_per_day)
    tuesday = MONDAY.replace(day=8)
    for n in (1, 2):
        days = [(MONDAY, "09:00", "17:00"), (tuesday, "09:00", "17:00")]
        b.add_therapist(f"t{n}", specialties=["relaxing"], shifts=days)
        b.add_room(f"r{n}", equipment=["table"])
    b.add_client("c1")
    for n in (1, 2):
        b.add_course(f"co{n}", "c1", "relax", 1, needs_assessment=False)
    return b.build()


def both(first: int, second: int) -> list[Place]:
    return [Place("co1", 1, first, "t1", "r1"), Place("co2", 1, second, "t2", "r2")]


@pytest.mark.parametrize(
    ("places", "allowed"),
    [
        (both(at(0, "09:00"), at(0, "14:00")), False),  # two sessions on Monday
        (both(at(0, "09:00"), at(1, "09:00")), True),  # one a day
    ],
)
def test_one_session_a_day_by_default(places, allowed):
    scenario = one_client_two_courses(max_per_day=1)
    family = partial(add_client_rules, max_per_day=1)

    assert placed(scenario, [], places) is not None
    assert (placed(scenario, [family], places) is not None) is allowed
    assert (7 not in broken_rules(scenario, places)) is allowed


@pytest.mark.parametrize(
    ("places", "allowed"),
    [
        (both(at(0, "09:00"), at(0, "09:00")), False),  # the same hour with two therapists
        (both(at(0, "09:00"), at(0, "09:45")), False),  # overlapping by 15 minutes
        (both(at(0, "09:00"), at(0, "10:00")), True),  # back to back (no turnover for a client)
    ],
)
def test_with_two_a_day_the_client_is_still_in_one_session_at_a_time(places, allowed):
    scenario = one_client_two_courses(max_per_day=2)
    family = partial(add_client_rules, max_per_day=2)

    assert placed(scenario, [], places) is not None
    assert (placed(scenario, [family], places) is not None) is allowed
    assert (7 not in broken_rules(scenario, places)) is allowed
