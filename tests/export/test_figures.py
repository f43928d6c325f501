"""Headline figures as the report computes them."""

from __future__ import annotations

from pathlib import Path

from planner.export.figures import plan_kpis
from planner.export.views import session_views
from planner.plan import PlannedSession
from planner.plan.folder import PlanBundle
from planner.scenario import Scenario

from .conftest import hand_plan


def test_kpis_take_the_score_from_the_plan_and_the_rest_from_the_summary(
    spa: tuple[Path, Scenario],
) -> None:
    _folder, scenario = spa
    sessions = tuple(hand_plan())
    lying = {"status": "optimal", "scheduled_value": 99, "penalty": -1, "bound": 8}
    kpis = plan_kpis(scenario, PlanBundle(sessions, (), lying))
    assert (kpis.status, kpis.scheduled_value, kpis.penalty, kpis.bound) == ("optimal", 6, 0, 8)
    assert kpis.gap == 0.25  # (8 - 6) / 8, computed as the summary gives none
    bare = plan_kpis(scenario, PlanBundle(sessions))
    assert (bare.status, bare.bound, bare.gap, bare.sessions_total) == ("not given", None, None, 5)


def test_session_ending_at_midnight_reads_24_00(spa: tuple[Path, Scenario]) -> None:
    _folder, scenario = spa
    late = PlannedSession("co2", 1, "c2", "relax", "t1", "r1", 22 * 60 + 45, 24 * 60)
    (view,) = session_views(scenario, [late])
    assert (view.start_clock, view.end_clock, view.minutes) == ("22:45", "24:00", 75)
