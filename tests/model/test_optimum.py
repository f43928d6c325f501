"""Tiny scenarios whose best score, penalty included, is known: the solver must reach it, proven.

Expected scores are computed by hand (the comments say how) and, where the spa is small enough,
confirmed by :func:`brute_force_best`, which tries every plan the slot grid allows and keeps the
best one the independent checker accepts. 2026-12-07 is a Monday.
"""

from __future__ import annotations

import pytest

from planner.model import Status
from planner.scenario import load_scenario
from tests.model.brute_force import brute_force_best
from tests.model.scenarios import TWO_CLIENTS, TWO_RELAXING_THERAPISTS, TWO_TABLE_ROOMS, shifts


def two_days_hourly(**weights: int) -> str:
    """``scenario.toml``: Monday and Tuesday, a 60-minute slot grid and the given ``weights``."""
    lines = ["start = 2026-12-07", "days = 2", "slot_minutes = 60"]
    if weights:
        lines += ["[weights]", *(f"{name} = {value}" for name, value in weights.items())]
    return "\n".join(lines) + "\n"


# Session 1 (75 min with assessment) fits only Monday 09:00 with t1; session 2 (60 min) fits
# Tuesday 09:00 or 10:00 with t1 or t2. The course prefers t2, who works only on Tuesday, so the
# plan trades continuity against the preferred therapist:
#   t1, t1: continuity 0 + 2 sessions not with t2 = 2 x preferred_therapist
#   t1, t2: 1 extra therapist x continuity + 1 session not with t2 x preferred_therapist
PREFERENCE_SPA = {
    "therapists.csv": TWO_RELAXING_THERAPISTS,
    "shifts.csv": shifts(
        "t1,2026-12-07,09:00,11:00",
        "t1,2026-12-08,09:00,11:00",
        "t2,2026-12-08,09:00,11:00",
    ),
    "courses.csv": """
        course_id,client_id,treatment_id,sessions,min_gap_hours,preferred_therapist
        co1,c1,relax,2,20,t2
    """,
}


@pytest.mark.parametrize(
    ("continuity", "preferred_therapist", "penalty", "therapists"),
    [
        (10, 5, 10, ["t1", "t1"]),  # defaults: min(2 x 5, 10 + 5) = 10, keep t1
        (2, 5, 7, ["t1", "t2"]),  # min(2 x 5, 2 + 5) = 7, switch to t2
        (10, 0, 0, ["t1", "t1"]),  # the preference is free: min(0, 10) = 0
        (0, 5, 5, ["t1", "t2"]),  # continuity is free: min(10, 0 + 5) = 5
    ],
)
def test_continuity_against_preferred_therapist(
    make_scenario, solve_optimal, outputs, continuity, preferred_therapist, penalty, therapists
):
    folder = make_scenario(
        **PREFERENCE_SPA,
        **{
            "scenario.toml": two_days_hourly(
                continuity=continuity, preferred_therapist=preferred_therapist
            )
        },
    )
    result = solve_optimal(folder)
    assert (result.scheduled_value, result.penalty) == (2, penalty)
    assert brute_force_best(load_scenario(folder)[0]) == (2, penalty)
    booked = outputs.booked(folder)
    assert [booked[("co1", k)][0] for k in (1, 2)] == therapists


def test_preferred_time_is_met_when_nothing_competes(make_scenario, solve_optimal, outputs):
    # c1 may come any time both days but prefers Tuesday 15:00-16:15, which holds exactly one
    # 75-minute session: booking it there costs nothing, anywhere else 2. Best: (1, 0).
    folder = make_scenario(
        **{
            "scenario.toml": two_days_hourly(),
            "client_availability.csv": """
                client_id,date,start,end,kind
                c1,2026-12-07,09:00,17:00,available
                c1,2026-12-08,09:00,15:00,available
                c1,2026-12-08,15:00,16:15,preferred
                c1,2026-12-08,16:15,17:00,available
            """,
        }
    )
    result = solve_optimal(folder)
    assert (result.scheduled_value, result.penalty) == (1, 0)
    assert brute_force_best(load_scenario(folder)[0]) == (1, 0)
    assert outputs.booked(folder)[("co1", 1)][2:] == ("2026-12-08T15:00", "2026-12-08T16:15")


@pytest.mark.parametrize(("weight", "penalty"), [(2, 2), (7, 7)])
def test_value_comes_before_the_preferred_time(
    make_scenario, solve_optimal, outputs, weight, penalty
):
    # Each day holds one 75-minute session (slot 60: 09:00 only, as 10:00 overlaps the
    # turnover). c1 prefers Tuesday but may come Monday; c2 can come only on Tuesday. Both
    # booked (value 2) needs co1 on Monday, outside its preferred time: penalty = 1 x weight.
    # Keeping c1's preference would book only one session (value 1), which is worse.
    folder = make_scenario(
        **{
            "scenario.toml": two_days_hourly(preferred_time=weight),
            "shifts.csv": shifts(
                "t1,2026-12-07,09:00,11:30",
                "t1,2026-12-08,09:00,11:30",
            ),
            "clients.csv": TWO_CLIENTS,
            "client_availability.csv": """
                client_id,date,start,end,kind
                c1,2026-12-07,09:00,12:00,available
                c1,2026-12-08,09:00,12:00,preferred
                c2,2026-12-08,09:00,12:00,available
            """,
            "courses.csv": """
                course_id,client_id,treatment_id,sessions
                co1,c1,relax,1
                co2,c2,relax,1
            """,
        }
    )
    result = solve_optimal(folder)
    assert (result.scheduled_value, result.penalty) == (2, penalty)
    assert brute_force_best(load_scenario(folder)[0]) == (2, penalty)
    assert outputs.booked(folder)[("co1", 1)][2] == "2026-12-07T09:00"


def test_mixed_soft_goals_match_brute_force(make_scenario, solve_and_check):
    # Two rooms, slot 60. t1 works Mon and Tue 09-12, t2 Mon 09-12 and Tue 10-12. co1 (priority
    # 2, prefers t1) and co2 (priority 1; its client prefers 09:00-10:15) each need 2 sessions
    # 20 h apart: all four fit, value 2+2+1+1 = 6. Penalty by hand:
    #   co2 all with t1 (Mon 09:00, Tue 09:00): co1 can't have t1 on Monday -> at least 10;
    #   co2 with t2 then t1 at Tue 09:00 (its preferred time): continuity 10;
    #   co2 all with t2 (Mon 09:00, Tue from 10:00, outside its preferred time): 2,
    #   while co1 keeps t1 on both days: 0. Best: (6, 2).
    folder = make_scenario(
        **{
            "scenario.toml": two_days_hourly(),
            "therapists.csv": TWO_RELAXING_THERAPISTS,
            "shifts.csv": shifts(
                "t1,2026-12-07,09:00,12:00",
                "t1,2026-12-08,09:00,12:00",
                "t2,2026-12-07,09:00,12:00",
                "t2,2026-12-08,10:00,12:00",
            ),
            "rooms.csv": TWO_TABLE_ROOMS,
            "clients.csv": TWO_CLIENTS,
            "client_availability.csv": """
                client_id,date,start,end,kind
                c2,2026-12-07,09:00,10:15,preferred
                c2,2026-12-07,10:15,12:00,available
                c2,2026-12-08,09:00,10:15,preferred
                c2,2026-12-08,10:15,12:00,available
            """,
            "courses.csv": """
                course_id,client_id,treatment_id,sessions,priority,min_gap_hours,preferred_therapist
                co1,c1,relax,2,2,20,t1
                co2,c2,relax,2,1,20,
            """,
        }
    )
    result, report = solve_and_check(folder)
    assert brute_force_best(load_scenario(folder)[0]) == (6, 2)
    assert result.status is Status.OPTIMAL
    assert (result.scheduled_value, result.penalty) == (6, 2)
    assert report.score.parts["preferred_time"] == 2
