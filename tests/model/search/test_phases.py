"""The search's phases only ever hand back a plan at least as good as the best one so far: a
worse plan offered is refused, every phase run from a poor start ends no worse, and the best
plan always passes the checker."""

from __future__ import annotations

import pytest

from planner.check import check_sessions
from planner.model import Budget, CandidateBuilder, SolveOptions, bookable_prefix
from planner.model.cpsat.whole_model import WholeModel
from planner.model.search.phases import Search
from planner.scenario.types import Scenario
from tests.model.cpsat.spa_of_two import PLAN, spa_of_two


def search_from(scenario: Scenario, start, limit: float = 10.0) -> tuple[Search, WholeModel]:
    builder = CandidateBuilder(scenario)
    specs = {c.id: builder.course_specs(c) for c in scenario.courses}
    budget = Budget(limit=limit, deterministic=True)
    options = SolveOptions(time_limit=limit, workers=1, deterministic=True)
    search = Search(scenario, specs, builder.work, options, budget, start)
    model_specs = [s for course in specs.values() for s in bookable_prefix(course)]
    return search, WholeModel(scenario, model_specs, builder.work)


def test_a_worse_plan_offered_is_refused_and_the_best_kept():
    scenario = spa_of_two()
    search, _whole = search_from(scenario, PLAN)
    before = search.best_score

    assert search.offer(PLAN[:2]) is False  # co2 left out: worth 1 less
    assert search.offer(None) is False
    assert search.best == PLAN and search.best_score == before


def test_tighten_keeps_the_lowest_bound_it_was_given():
    search, _whole = search_from(spa_of_two(), PLAN)

    search.tighten(9)
    search.tighten(None)
    search.tighten(8)
    search.tighten(12)

    assert search.value_bound == 8


# Starts: co1 only with its session 1, and the hand-made plan (value 7, penalty 17).
STARTS = {"one session": [PLAN[0]], "hand-made plan": PLAN}


@pytest.mark.parametrize("phase", ["local", "value", "penalty", "run_whole"])
@pytest.mark.parametrize("start", STARTS.values(), ids=STARTS.keys())
def test_no_phase_hands_back_a_worse_plan_than_its_start(phase, start):
    scenario = spa_of_two()
    search, whole = search_from(scenario, start)
    before = search.best_score

    if phase == "local":
        search.local(2.0)
    elif phase == "run_whole":
        search.run_whole(whole)
    else:
        getattr(search, phase)(whole, 2.0)

    assert search.best_score >= before
    assert check_sessions(scenario, search.best) == []


def test_the_whole_schedule_reaches_the_hand_computed_best():
    # Best: all three sessions (value 7) with t1 for co1 and co2 in Boris's wish (penalty 0).
    scenario = spa_of_two()
    search, whole = search_from(scenario, [PLAN[0]])

    search.run_whole(whole)

    assert (search.best_score.value_less_moves, search.best_score.penalty) == (700, 0)
    assert search.value_proven
    assert check_sessions(scenario, search.best) == []
