"""A comparison row measures the plan with the same definitions as the manager's report."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from planner.export.figures import plan_kpis
from planner.plan import Plan, Result, Status
from planner.plan.folder import PlanBundle
from planner.plan.utilisation import room_utilisation, therapist_utilisation
from planner.scenario import load_scenario
from planner.whatif.compare import compare_row
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
