"""Hard rule 10 in the model: a therapist's sessions a day, deep sessions a day and minutes a
calendar week (Monday to Sunday) stay within their limits."""

from __future__ import annotations

from datetime import date

import pytest

from planner.model.cpsat.constraints.therapist_limits import add_therapist_limits
from planner.scenario.types import Scenario
from tests.model.cpsat.families import Place, at, broken_rules, placed, spa


def one_therapist(days: int, **limits: int) -> Scenario:
    """t1 with ``limits`` works 09:00-17:00 every day; two rooms; two clients' single sessions,
    co1 a gentle massage and co2 a deep one."""
    b = spa(days=days)
    b.add_treatment("deep", specialty="relaxing", duration=60, equipment=["table"],
                    intensity="deep")  # fmt: skip
    shifts = [(date(2026, 12, 7 + n), "09:00", "17:00") for n in range(days)]
    b.add_therapist("t1", specialties=["relaxing"], shifts=shifts, **limits)
    for n in (1, 2):
        b.add_room(f"r{n}", equipment=["table"])
        b.add_client(f"c{n}")
    b.add_course("co1", "c1", "relax", 1, needs_assessment=False)
    b.add_course("co2", "c2", "deep", 1, needs_assessment=False)
    return b.build()


def family(scenario: Scenario):
    return lambda model, mv: add_therapist_limits(model, mv, scenario)


def both(first: int, second: int) -> list[Place]:
    return [Place("co1", 1, first, "t1", "r1"), Place("co2", 1, second, "t1", "r2")]


@pytest.mark.parametrize(
    ("limits", "places", "allowed"),
    [
        ({"max_sessions_per_day": 1}, both(at(0, "09:00"), at(0, "14:00")), False),
        ({"max_sessions_per_day": 1}, both(at(0, "09:00"), at(1, "14:00")), True),
        ({"max_sessions_per_day": 2}, both(at(0, "09:00"), at(0, "14:00")), True),
        # 120 minutes in the week of Monday 7 December, above 90.
        ({"max_minutes_per_week": 90}, both(at(0, "09:00"), at(6, "14:00")), False),
        # Day 7 is Monday 14 December: a week of its own.
        ({"max_minutes_per_week": 90}, both(at(0, "09:00"), at(7, "14:00")), True),
        ({"max_minutes_per_week": 120}, both(at(0, "09:00"), at(6, "14:00")), True),
    ],
)
def test_sessions_a_day_and_minutes_a_week(limits, places, allowed):
    scenario = one_therapist(days=8, **limits)

    assert placed(scenario, [], places) is not None
    assert (placed(scenario, [family(scenario)], places) is not None) is allowed
    assert (10 not in broken_rules(scenario, places)) is allowed


def test_deep_sessions_a_day_count_only_deep_treatments():
    deep = Place("co2", 1, at(0, "09:00"), "t1", "r2")
    gentle = Place("co1", 1, at(0, "14:00"), "t1", "r1")
    # One deep session a day: the deep one and a gentle one may share a day...
    scenario = one_therapist(days=1, max_deep_per_day=1)
    assert placed(scenario, [family(scenario)], [deep, gentle]) is not None
    assert 10 not in broken_rules(scenario, [deep, gentle])
    # ... but with none allowed the deep one can't come at all, while the gentle one can.
    scenario = one_therapist(days=1, max_deep_per_day=0)
    assert placed(scenario, [], [deep]) is not None
    assert placed(scenario, [family(scenario)], [deep]) is None
    assert 10 in broken_rules(scenario, [deep])
    assert placed(scenario, [family(scenario)], [gentle]) is not None
