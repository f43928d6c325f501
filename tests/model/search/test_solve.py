"""One solve of the model: the plan it returns passes the checker, its score is the plan's own,
and it says ``optimal`` only when the bound it proved equals the plan's value."""

from __future__ import annotations

import threading

import pytest

from planner.check import check_sessions
from planner.model import SolveOptions, Status
from planner.model.search.solve import search_limit, solve
from planner.plan import Result
from planner.scenario.types import Scenario
from tests.model.cpsat.spa_of_two import one_hour_for_two, spa_of_two


def solved(scenario: Scenario, stop: threading.Event | None = None) -> Result:
    options = SolveOptions(time_limit=10.0, workers=1, deterministic=True, stop=stop)
    result = solve(scenario, options)
    assert check_sessions(scenario, list(result.plan.sessions)) == []
    if result.status is Status.OPTIMAL:
        assert result.bound == result.scheduled_value
    return result


def test_the_tiny_spa_is_solved_to_its_hand_computed_optimum():
    # All three sessions (3 + 3 + 1), co1 with t1 both times, co2 in Boris's wished-for hours.
    result = solved(spa_of_two())

    assert result.status is Status.OPTIMAL
    assert (result.scheduled_value, result.penalty, result.bound) == (7, 0, 7)
    assert result.plan.unscheduled == ()
    assert not result.interrupted and result.reproducible
    assert result.limit.text == "no more sessions can be booked: this plan is optimal"


def test_sessions_that_do_not_fit_are_explained_and_the_bound_still_proven():
    # One therapist-hour for two courses: co1 (worth 2) is booked, co2 explained.
    result = solved(one_hour_for_two())

    assert result.status is Status.OPTIMAL
    assert (result.scheduled_value, result.bound) == (2, 2)
    assert [(u.course_id, u.session) for u in result.plan.unscheduled] == [("co2", 1)]
    # co2 is left out, yet the value is proven best: nothing more can be booked.
    assert (result.limit.proven_optimal, result.limit.at_most_more_sessions) == (True, 0)


def test_a_stopped_solve_never_claims_optimal_and_still_returns_a_checked_plan():
    stop = threading.Event()
    stop.set()

    result = solved(spa_of_two(), stop)

    assert result.status is Status.FEASIBLE
    assert result.interrupted and not result.reproducible


@pytest.mark.parametrize(
    ("limit", "search"),
    [(60.0, 57.0), (10.0, 9.5), (2.0, 1.7), (0.1, 0.05)],  # 95%, at least 0.3 s kept, >= 0.05
)
def test_search_limit_keeps_time_to_finish(limit, search):
    assert search_limit(limit) == pytest.approx(search)


def test_pins_that_clash_give_no_plan_even_when_nothing_checked_them_before():
    # Two pins put t1 in r1 at Monday 09:00 for both courses: a scenario built in Python reaches
    # the solver without the loader's check, and must still get "infeasible", never a plan.
    from dataclasses import replace as changed

    from planner.scenario.types import Pin

    scenario = spa_of_two()
    pins = (Pin("co1", 1, "t1", "r1", 540), Pin("co2", 1, "t1", "r1", 540))
    result = solve(changed(scenario, pins=pins), SolveOptions(time_limit=10.0, deterministic=True))
    assert result.status is Status.INFEASIBLE
    assert result.plan.sessions == ()
