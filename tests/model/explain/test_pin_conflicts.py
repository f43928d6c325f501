"""Which pins clash: the pins no plan can keep together, named for the manager."""

from __future__ import annotations

from datetime import date

from planner.model import conflicting_pins, describe_conflict
from planner.scenario.builder import ScenarioBuilder

MON = date(2026, 12, 7)
TUE = date(2026, 12, 8)


def spa() -> ScenarioBuilder:
    """One therapist and two rooms on Monday and Tuesday; three clients with a one-session
    course each and c1 a two-session course too (24 hours apart at least)."""
    b = ScenarioBuilder("pins", start=MON, days=2, opening_hours={"default": ("08:00", "20:00")})
    b.add_therapist("t1", specialties=["relaxing"], shifts=[(MON, "09:00", "17:00"),
                                                             (TUE, "09:00", "17:00")])  # fmt: skip
    b.add_room("r1", equipment=["table"])
    b.add_room("r2", equipment=["table"])
    b.add_treatment("relax", specialty="relaxing", duration=60, equipment=["table"])
    for client, course in (("c1", "co1"), ("c2", "co2"), ("c3", "co3")):
        b.add_client(client)
        b.add_course(course, client, "relax", 1, needs_assessment=False)
    b.add_course("co4", "c1", "relax", 2, needs_assessment=False)
    return b


def test_pins_that_can_hold_together_clash_with_nothing():
    b = spa()
    b.pin("co1", 1, "t1", "r1", "2026-12-07T09:00")
    b.pin("co2", 1, "t1", "r2", "2026-12-07T10:15")
    assert conflicting_pins(b.build(), time_limit=10) == []


def test_two_pins_of_one_therapist_at_the_same_time_clash():
    b = spa()
    b.pin("co1", 1, "t1", "r1", "2026-12-07T09:00")
    b.pin("co2", 1, "t1", "r2", "2026-12-07T09:30")
    b.pin("co3", 1, "t1", "r1", "2026-12-08T09:00")
    scenario = b.build()
    found = conflicting_pins(scenario, time_limit=10)
    assert {("co1", 1), ("co2", 1)} <= set(found)
    sentence = describe_conflict(scenario)
    assert "course co1 session 1 with t1 in r1 at 2026-12-07T09:00 (pinned.csv row 2)" in sentence
    assert "course co2 session 1 with t1 in r2 at 2026-12-07T09:30 (pinned.csv row 3)" in sentence
    assert "together they break" in sentence


def test_a_pin_whose_earlier_sessions_cannot_come_first_is_named_alone():
    # Session 2 pinned on Monday: session 1 would have to end 24 hours earlier, before the week.
    b = spa()
    b.pin("co4", 2, "t1", "r1", "2026-12-07T15:00")
    scenario = b.build()
    assert conflicting_pins(scenario, time_limit=10) == [("co4", 2)]
    sentence = describe_conflict(scenario)
    assert "course co4 session 2" in sentence
    assert "its earlier sessions can't be booked before it" in sentence
