"""The limit in the manager's words: "at most N more sessions could have been booked" is true.

N counts the sessions that could still be added to the plan: on tiny spas every valid plan that
keeps the given one is tried (:mod:`tests.model.brute_force`), and none adds more than N.
"""

from __future__ import annotations

import itertools
import json

from hypothesis import given
from hypothesis import strategies as st

from planner.check import check_sessions
from planner.plan import Plan, PlannedSession, Result, Status, UnscheduledSession
from planner.plan.folder import write_outputs
from planner.plan.limit import plan_limit, sessions_in_gap
from planner.scenario import load_scenario
from planner.scenario.types import Scenario
from tests.model.brute_force import brute_force_best, every_plan
from tests.model.scenarios import ONE_DAY_THREE_COURSES


@given(
    st.integers(min_value=0, max_value=12),
    st.lists(st.integers(min_value=0, max_value=5), max_size=7),
)
def test_sessions_in_gap_is_the_most_sessions_whose_value_fits_in_the_gap(gap, priorities):
    most = max(
        size
        for size in range(len(priorities) + 1)
        for chosen in itertools.combinations(priorities, size)
        if sum(chosen) <= gap
    )
    assert sessions_in_gap(gap, priorities) == most


def test_the_cheapest_sessions_count_not_the_dearest():
    # A gap of 6 with unscheduled sessions worth 1, 5, 5, 5: 1 + 5 fits, nothing more. Dividing
    # by the largest priority (6 / 5 -> 2) happens to agree; by the smallest (6 / 1) says 6.
    assert sessions_in_gap(6, [5, 1, 5, 5]) == 2
    # Many cheap ones: 4 sessions worth 1 fit in a gap of 5; dividing by the largest (5) says 1,
    # which would be false.
    assert sessions_in_gap(5, [5, 1, 1, 1, 1]) == 4


def test_the_sentence_says_how_far_the_plan_is_from_the_limit():
    limit = plan_limit(10, 16, [1, 5, 5, 5], 4)
    assert (limit.at_most_more_sessions, limit.proven_optimal) == (2, False)
    assert limit.text == "at most 2 more sessions could have been booked (value at most 6 higher)"
    assert plan_limit(10, 11, [1, 3], 2).text.startswith("at most 1 more session could ")


def test_a_proven_value_says_no_more_sessions_can_be_booked():
    optimal = plan_limit(10, 10, [2, 3], 2, optimal=True)
    assert optimal.proven_optimal and optimal.at_most_more_sessions == 0
    assert optimal.text == "no more sessions can be booked: this plan is optimal"
    value_only = plan_limit(10, 10, [2, 3], 2, optimal=False)
    assert value_only.text == "no more sessions can be booked: no plan reaches a higher value"


def test_a_gap_smaller_than_every_unscheduled_session_leaves_no_room():
    # The bound is 1 above the value, but the cheapest unscheduled session is worth 2.
    limit = plan_limit(10, 11, [2, 3], 2)
    assert limit.at_most_more_sessions == 0 and not limit.proven_optimal
    assert limit.text.startswith("no more sessions can be booked: each unscheduled session")
    assert plan_limit(10, 11, [], 0).text.endswith("every session is booked")


def test_without_a_bound_nothing_is_claimed():
    limit = plan_limit(10, None, [1], 1)
    assert limit.bound is None and limit.at_most_more_sessions is None
    assert "not known" in limit.text


def test_without_priorities_each_session_counts_as_the_least_priority():
    assert plan_limit(10, 13, None, 5).at_most_more_sessions == 3
    assert plan_limit(10, 13, None, 2).at_most_more_sessions == 2


def _result(scenario: Scenario, plan: list[PlannedSession], bound: int) -> Result:
    """A feasible result of ``plan`` against ``bound``, as a solve would return it."""
    booked = {(s.course_id, s.session) for s in plan}
    unscheduled = tuple(
        UnscheduledSession(c.id, k, c.client_id, c.treatment_id, "left out")
        for c in scenario.courses
        for k in range(1, c.sessions + 1)
        if (c.id, k) not in booked
    )
    return Result(
        Status.FEASIBLE,
        Plan(tuple(plan), unscheduled),
        sum(scenario.course_by_id[s.course_id].priority for s in plan),
        0,
        bound,
        1.0,
        scenario.sessions_total,
        priorities={c.id: c.priority for c in scenario.courses},
    )


def _most_added(scenario: Scenario, plan: list[PlannedSession]) -> int:
    """The most sessions any valid plan that keeps ``plan`` adds to it (brute force)."""
    kept = set(plan)
    return max(
        len(other) - len(plan)
        for other in every_plan(scenario)
        if kept <= set(other) and not check_sessions(scenario, other)
    )


def test_no_valid_plan_adds_more_sessions_than_the_limit_says(make_scenario):
    scenario, _ = load_scenario(make_scenario(**ONE_DAY_THREE_COURSES))
    optimum = brute_force_best(scenario)[0]
    assert optimum == 5
    co3 = scenario.course_by_id["co3"]
    weak = [PlannedSession("co3", 1, co3.client_id, "relax", "t1", "r1", 9 * 60, 10 * 60)]
    assert not check_sessions(scenario, weak)
    # Value 1 against the optimum 5 as bound: the gap of 4 holds co3's second session (1) and
    # co2's first (2), not a third; by hand only one more session fits the day.
    limit = _result(scenario, weak, optimum).limit
    assert limit.at_most_more_sessions == 2
    assert _most_added(scenario, weak) == 1 <= limit.at_most_more_sessions
    # Against a weaker bound (every session booked: 12) the claim grows but stays true.
    loose = _result(scenario, weak, 12).limit
    assert loose.at_most_more_sessions is not None
    assert _most_added(scenario, weak) <= loose.at_most_more_sessions


def test_summary_json_holds_the_limit(make_scenario, tmp_path):
    scenario, _ = load_scenario(make_scenario(**ONE_DAY_THREE_COURSES))
    result = _result(scenario, [], 5)
    write_outputs(tmp_path / "out", scenario, result)
    summary = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    assert summary["limit"] == {
        "bound": 5,
        "value": 0,
        "proven_optimal": False,
        # Cheapest first: 1 + 1 + 2 = 4 fits in 5, a fourth (2) does not.
        "at_most_more_sessions": 3,
        "text": "at most 3 more sessions could have been booked (value at most 5 higher)",
    }
