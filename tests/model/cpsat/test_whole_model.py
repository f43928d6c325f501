"""The whole scenario as one CP-SAT model: phase 1 finds the most valuable plan from a hint and
proves its bound; phase 2 keeps that value and lowers the penalty; clashing pins are reported
infeasible. Every plan it hands back passes the checker."""

from __future__ import annotations

from planner.check import check_sessions
from planner.model import Budget, CandidateBuilder, bookable_prefix
from planner.model.cpsat.whole_model import WholeModel
from planner.model.search.search_score import search_score
from planner.scenario.types import Scenario
from tests.model.cpsat.spa_of_two import PLAN, one_hour_for_two, spa_of_two


def whole(scenario: Scenario) -> WholeModel:
    builder = CandidateBuilder(scenario)
    specs = [s for c in scenario.courses for s in bookable_prefix(builder.course_specs(c))]
    return WholeModel(scenario, specs, builder.work)


def stage():
    return Budget(limit=20.0, deterministic=True).stage(20.0)


def test_phase_one_finds_the_most_valuable_plan_and_proves_it():
    scenario = one_hour_for_two()

    outcome = whole(scenario).improve_value([], stage(), workers=1, seed=0)

    assert outcome.proven and not outcome.infeasible
    assert outcome.sessions is not None
    assert [s.course_id for s in outcome.sessions] == ["co1"]
    assert outcome.value_bound == 2
    assert check_sessions(scenario, outcome.sessions) == []


def test_phase_two_keeps_the_value_and_lowers_the_penalty():
    # The hand-made plan is worth 7 with a penalty of 17 (see spa_of_two); a plan of the same
    # value with t1 for both of co1's sessions and co2 in Boris's wished-for hours has none.
    scenario = spa_of_two()
    model = whole(scenario)
    floor = search_score(scenario, PLAN).value_less_moves

    outcome = model.improve_penalty(PLAN, floor, stage(), workers=1, seed=0)

    assert outcome.sessions is not None and outcome.proven
    assert check_sessions(scenario, outcome.sessions) == []
    score = search_score(scenario, outcome.sessions)
    assert score.value_less_moves == floor == 700
    assert score.penalty == 0


def test_pins_that_clash_make_the_model_infeasible():
    # Both courses pinned to t1 at 09:00: one therapist, one room, one hour.
    scenario = one_hour_for_two((("co1", "2026-12-07T09:00"), ("co2", "2026-12-07T09:00")))

    outcome = whole(scenario).improve_value([], stage(), workers=1, seed=0)

    assert outcome.infeasible and outcome.proven
    assert outcome.sessions is None
