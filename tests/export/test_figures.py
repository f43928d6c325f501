"""Headline figures and utilisation as the report computes them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from planner.export.bundle import PlanBundle
from planner.export.figures import plan_kpis, room_utilisation, therapist_utilisation
from planner.export.views import session_views
from planner.plan import PlannedSession
from planner.scenario import Scenario, load_scenario

from .conftest import SPA_FILES, hand_plan


def test_utilisation_counts_booked_minutes_against_shifts_and_open_unclosed_hours(
    make_scenario: Callable[..., Path],
) -> None:
    closures = """
        room_id,date,start,end
        r1,2026-12-07,08:00,10:00
        r1,2026-12-07,09:30,11:00
        r1,2026-12-08,20:00,23:00
    """
    scenario, _ = load_scenario(make_scenario({**SPA_FILES, "room_closures.csv": closures}))
    sessions = [s for s in hand_plan() if s.room_id == "r1" and s.start >= 1440]
    views = session_views(scenario, sessions)

    staff = therapist_utilisation(scenario, views)
    assert [(u.id, u.booked_minutes, u.available_minutes) for u in staff] == [
        ("t1", 60, 960),
        ("t2", 0, 360),
    ]
    rooms = room_utilisation(scenario, views)
    # Open 09:00-21:00 on two days = 1440 min; closed 09:00-11:00 (overlapping rows counted
    # once, the part before opening not at all) and 20:00-21:00.
    assert [(u.id, u.booked_minutes, u.available_minutes) for u in rooms] == [
        ("r1", 60, 1440 - 120 - 60),
        ("r2", 0, 1440),
    ]
    assert rooms[0].share == 60 / 1260


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
