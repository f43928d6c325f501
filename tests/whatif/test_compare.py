"""A comparison row measures the plan with the same definitions as the manager's report."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from planner.export.figures import plan_kpis
from planner.plan import Plan, Result, Status
from planner.plan.folder import PlanBundle
from planner.plan.utilisation import room_utilisation, therapist_utilisation
from planner.scenario import ScenarioError, load_scenario
from planner.whatif.compare import compare_row, invalid_row, plan_changes
from planner.whatif.runner import Outcome
from tests.export.conftest import SPA_FILES, hand_plan


def test_comparison_and_report_agree_on_the_same_plan(make_scenario: Callable[..., Path]) -> None:
    # Overlapping shift rows: summed raw they would make the comparison disagree with the report.
    shifts = """
        therapist_id,date,start,end
        t1,2026-12-07,09:00,17:00
        t1,2026-12-07,12:00,14:00
        t1,2026-12-08,09:00,17:00
        t2,2026-12-07,12:00,18:00
    """
    scenario, _ = load_scenario(make_scenario({**SPA_FILES, "shifts.csv": shifts}))
    plan = Plan(tuple(hand_plan())).sorted()
    result = Result(Status.OPTIMAL, plan, 6, 0, 6, 0.1, scenario.sessions_total)
    row = compare_row("base", scenario, Outcome("base", result))
    staff = therapist_utilisation(scenario, plan.sessions)
    rooms = room_utilisation(scenario, plan.sessions)
    assert row.therapists == {u.id: u.share for u in staff}
    assert row.rooms == {u.id: u.share for u in rooms}
    assert row.therapists["t1"] == (75 + 75 + 60) / 960
    kpis = plan_kpis(scenario, PlanBundle(plan.sessions))
    assert (row.scheduled_value, row.penalty) == (kpis.scheduled_value, kpis.penalty)


def test_moved_dropped_added_and_clients_use_the_call_lists_words(
    make_scenario: Callable[..., Path],
) -> None:
    scenario, _ = load_scenario(make_scenario(SPA_FILES))
    base = Plan(tuple(hand_plan())).sorted()
    co1_1, co2_1, co3_1, co1_2 = hand_plan()
    plan = (
        replace(co1_1, room_id="r2"),  # room only: moved
        co2_1,
        replace(co1_2, end=co1_2.end + 15),  # longer at the same start: not moved
        replace(co3_1, course_id="co4", client_id="c4"),  # co3 dropped, co4 added
    )
    moved, dropped, added, notify = plan_changes(scenario, base, plan)
    assert (moved, dropped, added) == (1, 1, 1)
    # c1 (moved) and c3 (dropped); c4's course was never published: nobody told them anything.
    assert notify == 2


def test_a_scenario_that_does_not_load_is_a_row_with_its_first_error(
    make_scenario: Callable[..., Path],
) -> None:
    broken = make_scenario(
        {"courses.csv": "course_id,client_id,treatment_id,sessions\nco1,c1,nope,1"}
    )
    with pytest.raises(ScenarioError) as raised:
        load_scenario(broken)
    row = invalid_row("north", raised.value)
    assert (row.name, row.status) == ("north", "invalid")
    assert row.error.startswith("invalid scenario: 1 errors (first: courses.csv")
    assert "nope" in row.error
