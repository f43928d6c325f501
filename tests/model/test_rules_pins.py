"""Hard rule 12: pinned sessions stay exactly as pinned and take part in every other rule.

2026-12-07 is a Monday. Sessions are 60 minutes plus a 15-minute assessment on a course's first
session; the default minimum gap is 24 hours.
"""

from __future__ import annotations

import pytest

from tests.model.scenarios import (
    ONE_DAY,
    TWO_CLIENTS,
    TWO_RELAXING_THERAPISTS,
    TWO_TABLE_ROOMS,
    pinned,
    shifts,
)


def test_rule_12_pin_stays_although_a_better_course_wants_its_slot(
    make_scenario, solve_optimal, outputs
):
    # The shift holds one session. Dropping the pinned co1 (priority 1) for co2 (priority 5)
    # would score 5; the pin must stay, so the value is 1.
    folder = make_scenario(
        **{
            "scenario.toml": ONE_DAY,
            "shifts.csv": shifts("t1,2026-12-07,09:00,10:15"),
            "clients.csv": TWO_CLIENTS,
            "courses.csv": """
                course_id,client_id,treatment_id,sessions,priority
                co1,c1,relax,1,1
                co2,c2,relax,1,5
            """,
            "pinned.csv": pinned("co1,1,t1,r1,2026-12-07T09:00"),
        }
    )
    result = solve_optimal(folder)
    assert result.scheduled_value == 1
    assert outputs.booked(folder) == {
        ("co1", 1): ("t1", "r1", "2026-12-07T09:00", "2026-12-07T10:15")
    }


def test_rule_12_pin_kept_against_the_preferred_therapist(make_scenario, solve_optimal, outputs):
    # co1 prefers t1 but its session is pinned with t2 in r2 at Tue 14:00: the plan keeps the
    # pin and pays the preferred-therapist weight 5 for it.
    folder = make_scenario(
        **{
            "therapists.csv": TWO_RELAXING_THERAPISTS,
            "shifts.csv": shifts(
                "t1,2026-12-07,09:00,17:00",
                "t1,2026-12-08,09:00,17:00",
                "t2,2026-12-08,09:00,17:00",
            ),
            "rooms.csv": TWO_TABLE_ROOMS,
            "courses.csv": """
                course_id,client_id,treatment_id,sessions,preferred_therapist
                co1,c1,relax,1,t1
            """,
            "pinned.csv": pinned("co1,1,t2,r2,2026-12-08T14:00"),
        }
    )
    result = solve_optimal(folder)
    assert (result.scheduled_value, result.penalty) == (1, 5)
    assert outputs.booked(folder) == {
        ("co1", 1): ("t2", "r2", "2026-12-08T14:00", "2026-12-08T15:15")
    }


def test_rule_12_pinned_second_session_gets_its_first_before_it(
    make_scenario, solve_optimal, outputs
):
    # Session 2 is pinned Tue 13:00 (60 min, no assessment); session 1 must end 24 h before,
    # i.e. by Mon 13:00. Both are booked (value 2), session 2 exactly as pinned.
    folder = make_scenario(
        **{
            "courses.csv": """
                course_id,client_id,treatment_id,sessions
                co1,c1,relax,2
            """,
            "pinned.csv": pinned("co1,2,t1,r1,2026-12-08T13:00"),
        }
    )
    result = solve_optimal(folder)
    assert result.scheduled_value == 2
    booked = outputs.booked(folder)
    assert booked[("co1", 2)] == ("t1", "r1", "2026-12-08T13:00", "2026-12-08T14:00")
    assert booked[("co1", 1)][3] <= "2026-12-07T13:00"


@pytest.mark.parametrize(
    ("therapist_columns", "client_of_co2"),
    [
        ("max_sessions_per_day\nt1,Olena,relaxing,1", "c2"),
        ("max_minutes_per_week\nt1,Olena,relaxing,75", "c2"),
        ("max_deep_per_day\nt1,Olena,relaxing,1", "c2"),
        # Both courses belong to one client, who may come once a day.
        ("max_sessions_per_day\nt1,Olena,relaxing,6", "c1"),
    ],
)
def test_rule_12_pins_count_towards_the_limits(
    make_scenario, solve_optimal, outputs, therapist_columns, client_of_co2
):
    # A one-day spa: the pinned co1 (priority 1, a deep treatment) uses up t1's daily or weekly
    # allowance or the client's one visit, so co2 (priority 5) can't be booked although t1 has
    # time. Value 1; a model that left pins out of the limits would book co2 as well (6).
    folder = make_scenario(
        **{
            "scenario.toml": ONE_DAY,
            "therapists.csv": "therapist_id,name,specialties," + therapist_columns + "\n",
            "treatments.csv": """
                treatment_id,name,specialty,duration_min,equipment,intensity
                deep,Deep tissue massage,relaxing,60,table,deep
            """,
            "clients.csv": TWO_CLIENTS,
            "courses.csv": f"""
                course_id,client_id,treatment_id,sessions,priority
                co1,c1,deep,1,1
                co2,{client_of_co2},deep,1,5
            """,
            "pinned.csv": pinned("co1,1,t1,r1,2026-12-07T09:00"),
        }
    )
    result = solve_optimal(folder)
    assert result.scheduled_value == 1
    assert set(outputs.booked(folder)) == {("co1", 1)}
