"""Hard rules 4–6 (client availability, slot grid, turnover) in tiny spas where breaking them
books more.

2026-12-07 is a Monday. Sessions are 60 minutes, plus the 15-minute assessment on a course's
first session unless ``needs_assessment`` is ``no``; turnover is 15 minutes.
"""

from __future__ import annotations

import pytest

from tests.model.scenarios import (
    ONE_DAY,
    TWO_CLIENTS,
    TWO_COURSES,
    TWO_COURSES_NO_ASSESSMENT,
    shifts,
)

AVAILABILITY_SPA = {
    "shifts.csv": shifts(
        "t1,2026-12-07,09:00,10:15",
        "t1,2026-12-08,09:00,10:15",
    ),
    "clients.csv": TWO_CLIENTS,
    "courses.csv": TWO_COURSES,
}


def test_rule_4_client_comes_only_when_available(make_scenario, solve_optimal, outputs):
    # c1 can come only on Tuesday afternoon, when nobody works: co1 can't be booked and the
    # value is co2's 1. Ignoring availability would book co1 too (value 3).
    folder = make_scenario(
        **AVAILABILITY_SPA,
        **{
            "client_availability.csv": """
                client_id,date,start,end,kind
                c1,2026-12-08,13:00,17:00,available
            """
        },
    )
    result = solve_optimal(folder)
    assert result.scheduled_value == 1
    assert set(outputs.booked(folder)) == {("co2", 1)}


@pytest.mark.parametrize("kind", ["available", "preferred"])
def test_rule_4_availability_rows_of_either_kind_place_the_session(
    make_scenario, solve_optimal, outputs, kind
):
    # c1 can come only Tuesday 09:00-10:15 (a row of either kind), so co1 goes there and co2
    # takes Monday: value 3. A preferred row is met, so the penalty is 0 either way.
    folder = make_scenario(
        **AVAILABILITY_SPA,
        **{
            "client_availability.csv": f"""
                client_id,date,start,end,kind
                c1,2026-12-08,09:00,10:15,{kind}
            """
        },
    )
    result = solve_optimal(folder)
    assert (result.scheduled_value, result.penalty) == (3, 0)
    booked = outputs.booked(folder)
    assert booked[("co1", 1)][2] == "2026-12-08T09:00"
    assert booked[("co2", 1)][2] == "2026-12-07T09:00"


def test_rule_5_starts_lie_on_a_20_minute_grid(make_scenario, solve_optimal, outputs):
    # slot_minutes = 20: Monday's shift 09:15-10:15 has no grid start for a 60-minute session
    # (09:20 would end 10:20); Tuesday 09:00-10:00 has one. Value 2 (co1 on Tuesday); a
    # 15-minute grid would also fit co2 on Monday (value 3).
    folder = make_scenario(
        **{
            "scenario.toml": "start = 2026-12-07\ndays = 2\nslot_minutes = 20\n",
            "shifts.csv": shifts(
                "t1,2026-12-07,09:15,10:15",
                "t1,2026-12-08,09:00,10:00",
            ),
            "clients.csv": TWO_CLIENTS,
            "courses.csv": TWO_COURSES_NO_ASSESSMENT,
        }
    )
    result = solve_optimal(folder)
    assert result.scheduled_value == 2
    assert outputs.booked(folder) == {
        ("co1", 1): ("t1", "r1", "2026-12-08T09:00", "2026-12-08T10:00")
    }


@pytest.mark.parametrize(
    ("therapists", "rooms", "turnover", "expected_value"),
    [
        # One therapist, two rooms, 09:00-11:00: back to back fits only without turnover.
        (["t1"], ["r1", "r2"], 15, 2),
        # Two therapists, one room: the room's turnover keeps the second session out.
        (["t1", "t2"], ["r1"], 15, 2),
        # turnover_minutes = 0: 09:00-10:00 and 10:00-11:00 both fit (value 2 + 1).
        (["t1"], ["r1"], 0, 3),
    ],
)
def test_rule_6_turnover_after_each_session(
    make_scenario, solve_optimal, therapists, rooms, turnover, expected_value
):
    folder = make_scenario(
        **{
            "scenario.toml": ONE_DAY + f"turnover_minutes = {turnover}\n",
            "therapists.csv": "therapist_id,specialties\n"
            + "".join(f"{t},relaxing\n" for t in therapists),
            "shifts.csv": "therapist_id,date,start,end\n"
            + "".join(f"{t},2026-12-07,09:00,11:00\n" for t in therapists),
            "rooms.csv": "room_id,equipment\n" + "".join(f"{r},table\n" for r in rooms),
            "clients.csv": TWO_CLIENTS,
            "courses.csv": TWO_COURSES_NO_ASSESSMENT,
        }
    )
    result = solve_optimal(folder)
    assert result.scheduled_value == expected_value


def test_rule_6_turnover_runs_past_midnight(make_scenario, solve_optimal, outputs):
    # The spa never closes. t1 works Mon 23:00-24:00 and Tue 00:00-01:00: a session ending at
    # midnight keeps t1 and the room busy until 00:15, so Tuesday's 60-minute slot is gone.
    # Value 2 (co1); forgetting the turnover across midnight would fit co2 at 00:00 (3).
    folder = make_scenario(
        **{
            "scenario.toml": """
                start = 2026-12-07
                days = 2
                client_max_sessions_per_day = 2
                [opening_hours]
                default = "00:00-24:00"
            """,
            "shifts.csv": shifts(
                "t1,2026-12-07,23:00,24:00",
                "t1,2026-12-08,00:00,01:00",
            ),
            "clients.csv": TWO_CLIENTS,
            "courses.csv": TWO_COURSES_NO_ASSESSMENT,
        }
    )
    result = solve_optimal(folder)
    assert result.scheduled_value == 2
    assert len(outputs.plan(folder)) == 1
