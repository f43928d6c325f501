"""A solve's result at a glance: the lines ``planner solve`` shows as its table."""

from __future__ import annotations

from dataclasses import replace

from planner.plan import Plan, Result, Status
from planner.plan.overview import result_overview

RESULT = Result(
    Status.FEASIBLE, Plan(()), scheduled_value=6, penalty=12, bound=8, solve_seconds=3.04,
    sessions_total=10, penalty_parts={"preferred_time": 2, "continuity": 10, "stability": 0},
)  # fmt: skip


def test_the_lines_of_a_first_plan() -> None:
    assert result_overview(RESULT) == [
        ("status", "feasible"),
        ("scheduled value", "6 of at most 8  (gap 25.00%)"),
        ("limit", "at most 2 more sessions could have been booked (value at most 2 higher)"),
        ("sessions", "0 of 10 booked"),
        ("penalty", "12  (preferred time 2, continuity 10)"),
        ("solve time", "3.0 s"),
    ]


def test_an_unknown_bound_a_stop_and_no_penalty() -> None:
    stopped = replace(RESULT, bound=None, interrupted=True, penalty=0, penalty_parts={})
    lines = dict(result_overview(stopped))
    assert lines["status"] == "feasible (stopped early)"
    assert lines["scheduled value"] == "6 of at most unknown"
    assert lines["penalty"] == "0"
    assert lines["limit"].startswith("no bound was proven")


def test_a_replan_says_what_changed_before_the_time() -> None:
    replan = replace(RESULT, moved=3, dropped=None, clients_to_notify=2)
    labels = [label for label, _ in result_overview(replan)]
    assert labels[-2:] == ["changes", "solve time"]
    changes = dict(result_overview(replan))["changes"]
    assert changes == "3 reference session(s) moved, 0 dropped; clients to notify: 2"
