"""Ruin and recreate keeps every rule, never lowers the search's score, and counts that score
incrementally exactly as :func:`~planner.model.search.search_score.search_score` counts it whole.

The moves start from a deliberately weak plan (each course cut to its first session, pins
kept), so that they have something to improve and the test sees them change the plan.
"""

from __future__ import annotations

import pytest

from planner.check import check_sessions
from planner.generate import build_scenario
from planner.model import Budget, CandidateBuilder, SessionSpec, start_plan
from planner.model.first_plan.booking_state import BookingState
from planner.model.local_search.ruin_recreate import Improver
from planner.model.search.search_score import OVER_CAP, search_score
from planner.plan import PlannedSession
from planner.scenario.types import Scenario


def weak_start(
    seed: int,
) -> tuple[Scenario, dict[str, list[SessionSpec]], list[PlannedSession], list[PlannedSession]]:
    """A generated spa, its specs, its first plan and that plan cut to first sessions and pins."""
    scenario = build_scenario(therapists=3, rooms=2, courses=16, days=3, seed=seed, tightness=1.1)
    builder = CandidateBuilder(scenario)
    specs = {c.id: builder.course_specs(c) for c in scenario.courses}
    start = start_plan(scenario, specs, builder.work, Budget(limit=10.0, deterministic=True))
    assert start is not None
    pinned = {p.course_id for p in scenario.pins}
    weak = [s for s in start if s.session == 1 or s.course_id in pinned]
    assert not check_sessions(scenario, weak)
    return scenario, specs, start, weak


def loaded(scenario: Scenario, specs: dict[str, list[SessionSpec]], plan: list[PlannedSession]):
    state = BookingState(scenario)
    state.load(plan, {s.key: s for course in specs.values() for s in course})
    return state


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_a_move_never_lowers_the_score_and_keeps_every_rule(seed):
    scenario, specs, _start, weak = weak_start(seed)
    improver = Improver(loaded(scenario, specs, weak), specs, seed=seed)
    pins = {(p.course_id, p.session, p.therapist_id, p.room_id, p.start) for p in scenario.pins}
    first = improver.score()
    assert first == search_score(scenario, weak)
    better = 0
    for _ in range(40):
        before = improver.score()
        better += improver.step()
        plan = improver.state.planned()
        assert improver.score() >= before
        # The incremental score is the whole plan's score, move after move.
        assert improver.score() == search_score(scenario, plan)
        assert check_sessions(scenario, plan) == []
        kept = {(s.course_id, s.session, s.therapist_id, s.room_id, s.start) for s in plan}
        assert pins <= kept
    assert better  # the moves found better plans, so the assertions above were put to work
    assert improver.score() > first


@pytest.mark.parametrize("seed", [0, 1])
def test_with_a_reference_plan_moves_are_counted_and_capped(seed):
    scenario, specs, start, weak = weak_start(seed)
    # The first plan is the published one: the weak plan dropped its later sessions.
    for cap in (None, len(start)):
        improver = Improver(loaded(scenario, specs, weak), specs, seed=seed, reference=start,
                            move_cap=cap)  # fmt: skip
        assert improver.score() == search_score(scenario, weak, start, cap)
        for _ in range(20):
            improver.step()
            plan = improver.state.planned()
            assert improver.score() == search_score(scenario, plan, start, cap)
    # A cap below the moves the weak plan has made already makes it worth nothing.
    dropped = len(start) - len(weak)
    assert dropped
    capped = Improver(loaded(scenario, specs, weak), specs, seed=seed, reference=start,
                      move_cap=dropped - 1)  # fmt: skip
    assert capped.score() == search_score(scenario, weak, start, dropped - 1)
    assert capped.score().value_less_moves == OVER_CAP
