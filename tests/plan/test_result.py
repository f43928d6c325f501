"""What a solve returns, without the solver: the summary's keys, the gap, the value of a plan."""

from __future__ import annotations

from planner.plan import Plan, PlannedSession, Repair, Result, Status
from planner.plan.result import CONTRACT_SUMMARY_KEYS
from planner.plan.score import optimality_gap, scheduled_value


def test_summary_keeps_the_contracts_keys_and_the_projects_extras() -> None:
    result = Result(
        Status.FEASIBLE,
        Plan(()),
        10,
        4,
        12,
        1.23456,
        20,
        penalty_parts={"continuity": 4},
        repaired=(Repair("co1", 2, (6,), "Left out by the final check."),),
    )
    summary = result.summary()
    assert set(CONTRACT_SUMMARY_KEYS) <= summary.keys()
    assert list(summary) == [
        "status", "scheduled_value", "penalty", "bound", "gap", "solve_seconds",
        "sessions_total", "sessions_scheduled", "penalty_parts", "moved", "dropped",
        "clients_to_notify", "interrupted",
        "reproducible", "repaired", "value_proven_seconds", "limit",
    ]  # fmt: skip
    assert summary["gap"] == round(2 / 12, 6)
    # No priorities known: each of the 20 sessions left out is worth at least 1, the gap is 2.
    assert summary["limit"] == {
        "bound": 12, "value": 10, "proven_optimal": False, "at_most_more_sessions": 2,
        "text": "at most 2 more sessions could have been booked (value at most 2 higher)",
    }  # fmt: skip
    assert summary["solve_seconds"] == 1.235
    assert summary["repaired"] == [
        {"course_id": "co1", "session": 2, "rules": [6], "reason": "Left out by the final check."}
    ]


def test_gap_is_relative_to_the_bound() -> None:
    assert optimality_gap(6, 8) == 0.25
    assert optimality_gap(8, 8) == 0.0
    assert optimality_gap(0, 0) == 0.0
    assert optimality_gap(3, None) is None


def test_value_of_a_set_of_sessions_counts_each_known_session_once(spa) -> None:
    plan = spa.valid_plan()
    twice = [*plan, plan[0]]
    stranger = PlannedSession("nope", 1, "c1", "relax", "t1", "r1", 0, 60)
    assert scheduled_value(spa.scenario, plan) == 9
    assert scheduled_value(spa.scenario, [*twice, stranger]) == 9
