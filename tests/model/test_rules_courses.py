"""Hard rules 7, 8 and 11 (clients and courses) in tiny spas where breaking them books more.

2026-12-07 is a Monday. Sessions are 60 minutes plus a 15-minute assessment on a course's first
session unless ``needs_assessment`` is ``no``; the default minimum gap is 24 hours.
"""

from __future__ import annotations

import pytest

from tests.model.scenarios import THREE_DAYS, TWO_CLIENTS, TWO_TABLE_ROOMS, pinned, shifts

SHIFTS_MON_TO_WED = shifts(
    "t1,2026-12-07,09:00,17:00",
    "t1,2026-12-08,09:00,17:00",
    "t1,2026-12-09,09:00,17:00",
)


def one_client_two_courses(client_max: int, available_until: str) -> dict[str, str]:
    """Two therapists and two rooms, so only the client's own rules keep sessions apart."""
    return {
        "scenario.toml": f"""
            start = 2026-12-07
            days = 1
            client_max_sessions_per_day = {client_max}
        """,
        "therapists.csv": """
            therapist_id,name,specialties
            t1,Olena,relaxing;lymphatic
            t2,Iryna,relaxing;lymphatic
        """,
        "shifts.csv": shifts(
            "t1,2026-12-07,09:00,17:00",
            "t2,2026-12-07,09:00,17:00",
        ),
        "rooms.csv": TWO_TABLE_ROOMS,
        "treatments.csv": """
            treatment_id,name,specialty,duration_min,equipment
            relax,Relaxing massage,relaxing,60,table
            lymph,Lymph drainage,lymphatic,60,table
        """,
        "client_availability.csv": f"""
            client_id,date,start,end
            c1,2026-12-07,09:00,{available_until}
        """,
        "courses.csv": """
            course_id,client_id,treatment_id,sessions,priority,needs_assessment
            co1,c1,relax,1,2,no
            co2,c1,lymph,1,1,no
        """,
    }


@pytest.mark.parametrize(
    ("client_max", "available_until", "expected_value"),
    [
        # At most one session a day for the client: only co1 (priority 2).
        (1, "17:00", 2),
        # Two a day allowed, but 09:00-10:30 holds only one 60-minute session without the
        # client being in two rooms at once: still only co1.
        (2, "10:30", 2),
        # 09:00-11:00 holds both back to back (a client needs no turnover): 2 + 1.
        (2, "11:00", 3),
    ],
)
def test_rule_7_client_per_day_limit_and_no_overlap(
    make_scenario, solve_optimal, client_max, available_until, expected_value
):
    folder = make_scenario(**one_client_two_courses(client_max, available_until))
    result = solve_optimal(folder)
    assert result.scheduled_value == expected_value


def test_rule_8_min_gap_leaves_room_for_two_of_three_sessions(
    make_scenario, solve_optimal, outputs
):
    # 48 h from the end of Monday's session reaches Wednesday: sessions 1 and 2 only (value 2);
    # ignoring the gap, one session a day would book all 3.
    folder = make_scenario(
        **{
            "scenario.toml": THREE_DAYS,
            "shifts.csv": SHIFTS_MON_TO_WED,
            "courses.csv": """
                course_id,client_id,treatment_id,sessions,min_gap_hours
                co1,c1,relax,3,48
            """,
        }
    )
    result = solve_optimal(folder)
    assert result.scheduled_value == 2
    booked = outputs.booked(folder)
    assert set(booked) == {("co1", 1), ("co1", 2)}
    assert booked[("co1", 1)][2].startswith("2026-12-07")
    assert booked[("co1", 2)][2].startswith("2026-12-09")
    assert [(r["course_id"], r["session"]) for r in outputs.unscheduled(folder)] == [("co1", "3")]


def test_rule_8_min_gap_counts_from_where_session_1_really_ends(
    make_scenario, solve_optimal, outputs
):
    # A pinned session holds t1 on Monday 09:00-10:15 (+ turnover), so co1's session 1 ends at
    # 11:45 at the earliest and session 2 may start Tuesday 11:45 at the earliest, which leaves
    # no 60-minute slot before the shift ends at 12:30. Value 1 (pin) + 1 (co1 session 1) = 2;
    # measuring the gap from Monday 09:00 instead would fit session 2 as well (3).
    folder = make_scenario(
        **{
            "shifts.csv": shifts(
                "t1,2026-12-07,09:00,17:00",
                "t1,2026-12-08,09:00,12:30",
            ),
            "clients.csv": TWO_CLIENTS,
            "courses.csv": """
                course_id,client_id,treatment_id,sessions
                co1,c1,relax,2
                co2,c2,relax,1
            """,
            "pinned.csv": pinned("co2,1,t1,r1,2026-12-07T09:00"),
        }
    )
    result = solve_optimal(folder)
    assert result.scheduled_value == 2
    assert set(outputs.booked(folder)) == {("co1", 1), ("co2", 1)}


@pytest.mark.parametrize(
    ("max_gap_hours", "expected_value"),
    [
        # Nobody works on Tuesday and Wednesday lies more than 24 h after Monday: 1 session.
        (24, 1),
        # 48 h reach from Monday's end to Wednesday 09:00: both sessions.
        (48, 2),
    ],
)
def test_rule_8_max_gap(make_scenario, solve_optimal, max_gap_hours, expected_value):
    folder = make_scenario(
        **{
            "scenario.toml": THREE_DAYS,
            "shifts.csv": shifts(
                "t1,2026-12-07,09:00,17:00",
                "t1,2026-12-09,09:00,17:00",
            ),
            "courses.csv": f"""
                course_id,client_id,treatment_id,sessions,min_gap_hours,max_gap_hours
                co1,c1,relax,2,12,{max_gap_hours}
            """,
        }
    )
    result = solve_optimal(folder)
    assert result.scheduled_value == expected_value


def test_rule_8_min_gap_from_last_session_end(make_scenario, solve_optimal, outputs):
    # The previous session ended Sunday 20:00; 40 h later is Tuesday 12:00, and Tuesday's shift
    # ends 13:00: session 1 (60 min, no assessment after a previous session) goes exactly at
    # 12:00, and session 2 can't follow. Value 1; ignoring last_session_end gives 2.
    folder = make_scenario(
        **{
            "shifts.csv": shifts(
                "t1,2026-12-07,09:00,17:00",
                "t1,2026-12-08,09:00,13:00",
            ),
            "courses.csv": """
                course_id,client_id,treatment_id,sessions,min_gap_hours,last_session_end
                co1,c1,relax,2,40,2026-12-06T20:00
            """,
        }
    )
    result = solve_optimal(folder)
    assert result.scheduled_value == 1
    assert outputs.booked(folder) == {
        ("co1", 1): ("t1", "r1", "2026-12-08T12:00", "2026-12-08T13:00")
    }


@pytest.mark.parametrize(
    ("last_session_end", "expected_value"),
    [
        # 48 h after Friday 09:00 is Sunday 09:00, before the horizon: nothing fits.
        ("2026-12-04T09:00", 0),
        # 48 h after Saturday 12:00 is Monday 12:00: session 1 starts 11:00-12:00, session 2
        # follows on Tuesday.
        ("2026-12-05T12:00", 2),
    ],
)
def test_rule_8_max_gap_from_last_session_end(
    make_scenario, solve_optimal, outputs, last_session_end, expected_value
):
    folder = make_scenario(
        **{
            "shifts.csv": shifts(
                "t1,2026-12-07,11:00,17:00",
                "t1,2026-12-08,09:00,17:00",
            ),
            "courses.csv": f"""
                course_id,client_id,treatment_id,sessions,max_gap_hours,last_session_end
                co1,c1,relax,2,48,{last_session_end}
            """,
        }
    )
    result = solve_optimal(folder)
    assert result.scheduled_value == expected_value
    if expected_value:
        assert "2026-12-07T11:00" <= outputs.booked(folder)[("co1", 1)][2] <= "2026-12-07T12:00"


WINDOW_SPA = {
    "shifts.csv": shifts(
        "t1,2026-12-07,09:00,10:15",
        "t1,2026-12-08,09:00,10:15",
    ),
    "clients.csv": TWO_CLIENTS,
}


@pytest.mark.parametrize(
    ("column", "value", "day"),
    [
        # Both courses may start only on Tuesday, whose shift holds one session: co1.
        ("earliest", "2026-12-08T09:00", "2026-12-08"),
        # Both must end on Monday: co1 on Monday.
        ("latest", "2026-12-07T12:00", "2026-12-07"),
    ],
)
def test_rule_11_earliest_and_latest(make_scenario, solve_optimal, outputs, column, value, day):
    # Each day holds one 75-minute session. Without the course window both courses would be
    # booked (value 3); with it only co1 (value 2).
    folder = make_scenario(
        **WINDOW_SPA,
        **{
            "courses.csv": f"""
                course_id,client_id,treatment_id,sessions,priority,{column}
                co1,c1,relax,1,2,{value}
                co2,c2,relax,1,1,{value}
            """
        },
    )
    result = solve_optimal(folder)
    assert result.scheduled_value == 2
    assert outputs.booked(folder) == {("co1", 1): ("t1", "r1", f"{day}T09:00", f"{day}T10:15")}


def test_rule_11_window_that_fits_exactly(make_scenario, solve_optimal, outputs):
    # earliest Tue 09:00 and latest Tue 10:15 leave exactly one 75-minute slot.
    folder = make_scenario(
        **WINDOW_SPA,
        **{
            "courses.csv": """
                course_id,client_id,treatment_id,sessions,earliest,latest
                co1,c1,relax,1,2026-12-08T09:00,2026-12-08T10:15
            """
        },
    )
    result = solve_optimal(folder)
    assert result.scheduled_value == 1
    assert outputs.booked(folder)[("co1", 1)][2:] == ("2026-12-08T09:00", "2026-12-08T10:15")


def test_rule_11_latest_bounds_every_session(make_scenario, solve_optimal, outputs):
    # One session a day, no gap: Monday and Tuesday end by the deadline, Wednesday's wouldn't.
    folder = make_scenario(
        **{
            "scenario.toml": THREE_DAYS,
            "shifts.csv": SHIFTS_MON_TO_WED,
            "courses.csv": """
                course_id,client_id,treatment_id,sessions,min_gap_hours,latest
                co1,c1,relax,3,0,2026-12-09T00:00
            """,
        }
    )
    result = solve_optimal(folder)
    assert result.scheduled_value == 2
    assert set(outputs.booked(folder)) == {("co1", 1), ("co1", 2)}
