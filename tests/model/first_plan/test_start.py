"""The plan every search starts from: pins first, the better of two orders, never below the
booking-system baseline, and a re-plan keeps what still holds of its reference plan."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from planner.check import check_sessions
from planner.generate import build_scenario
from planner.model import Budget, CandidateBuilder, baseline_plan, build_specs, start_plan
from planner.model.first_plan.start import priority_order, scarcity_order
from planner.model.search.search_score import search_score
from planner.plan import PlannedSession
from planner.scenario.builder import ScenarioBuilder

MON = date(2026, 12, 7)
TUE = date(2026, 12, 8)


def spa() -> ScenarioBuilder:
    """t1 works Monday and Tuesday 09:00-17:00, one table room; c2 comes on Monday morning only."""
    b = ScenarioBuilder("start", start=MON, days=2)
    b.add_therapist("t1", specialties=["relaxing"], shifts=[(MON, "09:00", "17:00"),
                                                             (TUE, "09:00", "17:00")])  # fmt: skip
    b.add_room("r1", equipment=["table"])
    b.add_treatment("relax", specialty="relaxing", duration=60, equipment=["table"])
    b.add_client("c1")
    b.add_client("c2", available=[(MON, "09:00", "10:00")])
    b.add_client("c3")
    return b


def budget() -> Budget:
    return Budget(limit=10.0, deterministic=True)


def test_the_orders_put_priority_first_then_file_order_or_the_fewest_choices():
    b = spa()
    b.add_course("co1", "c1", "relax", 1, priority=1, needs_assessment=False)
    b.add_course("co2", "c3", "relax", 1, priority=3, needs_assessment=False)
    b.add_course("co3", "c2", "relax", 1, priority=3, needs_assessment=False)
    scenario = b.build()
    assert priority_order(scenario) == ["co2", "co3", "co1"]
    # co3's client comes for one hour: one choice against co2's many.
    assert scarcity_order(scenario, build_specs(scenario)) == ["co3", "co2", "co1"]


def test_the_start_books_the_scarce_course_the_baseline_loses():
    # Both priority 2: in file order co1 takes Monday 09:00, the only hour c2 can come; the
    # fewest-choices order books co2 there first and co1 after the room's 15-minute turnover.
    b = spa()
    b.add_course("co1", "c1", "relax", 1, priority=2, needs_assessment=False)
    b.add_course("co2", "c2", "relax", 1, priority=2, needs_assessment=False)
    scenario = b.build()
    specs = build_specs(scenario)
    base = baseline_plan(scenario, specs)
    assert [(s.course_id, s.start) for s in base] == [("co1", 540)]
    builder = CandidateBuilder(scenario)
    start = start_plan(scenario, specs, builder.work, budget())
    assert start is not None
    assert sorted((s.course_id, s.start) for s in start) == [("co1", 615), ("co2", 540)]


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_the_start_is_valid_and_never_below_the_baseline(seed):
    scenario = build_scenario(therapists=3, rooms=2, courses=14, days=3, seed=seed, tightness=1.2)
    builder = CandidateBuilder(scenario)
    specs = {c.id: builder.course_specs(c) for c in scenario.courses}
    start = start_plan(scenario, specs, builder.work, budget())
    assert start is not None
    assert check_sessions(scenario, start) == []
    if not scenario.pins:  # the baseline is a candidate only without pins
        base = baseline_plan(scenario, specs)
        assert search_score(scenario, start) >= search_score(scenario, base)


def test_a_re_plan_keeps_the_reference_sessions_that_still_hold():
    b = spa()
    b.add_course("co1", "c1", "relax", 2, needs_assessment=False)
    b.add_course("co3", "c3", "relax", 1, needs_assessment=False)
    scenario = b.build()
    specs = build_specs(scenario)
    builder = CandidateBuilder(scenario)

    def session(course: str, k: int, client: str, start: int) -> PlannedSession:
        return PlannedSession(course, k, client, "relax", "t1", "r1", start, start + 60)

    # Published: co1 on Monday 15:00 and Tuesday 16:00, co3 on Monday 11:00.
    reference = [session("co1", 1, "c1", 900), session("co1", 2, "c1", 2400),
                 session("co3", 1, "c3", 660)]  # fmt: skip
    start = start_plan(scenario, specs, builder.work, budget(), reference=reference)
    assert start is not None
    assert sorted(start, key=lambda s: s.course_id) == sorted(reference, key=lambda s: s.course_id)

    # The second session of co1 now ends after t1's shift (16:30 to 17:30): it can't be kept,
    # and is booked again where it fits; the rest stays where it was.
    moved = [*reference[:1], replace(reference[1], start=2430, end=2490), reference[2]]
    start = start_plan(scenario, specs, builder.work, budget(), reference=moved)
    assert start is not None
    by_key = {(s.course_id, s.session): s for s in start}
    assert by_key[("co1", 1)] == reference[0]
    assert by_key[("co3", 1)] == reference[2]
    assert by_key[("co1", 2)].start != 2430
    assert check_sessions(scenario, start) == []


def test_pins_that_no_plan_reaches_give_no_start():
    # Session 2 pinned on Monday: session 1 would have to come 24 hours before the week began.
    b = spa()
    b.add_course("co1", "c1", "relax", 2, needs_assessment=False)
    b.pin("co1", 2, "t1", "r1", "2026-12-07T15:00")
    scenario = b.build()
    builder = CandidateBuilder(scenario)
    specs = {c.id: builder.course_specs(c) for c in scenario.courses}
    assert start_plan(scenario, specs, builder.work, budget()) is None
