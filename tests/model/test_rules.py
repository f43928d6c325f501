"""Hard rules 1–3 (skills, equipment, session length, shifts, opening hours, closures).

Tiny spas where breaking the rule would book more: each scenario has one cheaper plan that only a
rule forbids, so a model that dropped or weakened the rule would report a higher
``scheduled_value`` (and its plan would fail the checker). 2026-12-07 is a Monday. Sessions are
60 minutes, plus the 15-minute assessment on a course's first session unless
``needs_assessment`` is ``no``; turnover is 15 minutes.
"""

from __future__ import annotations

import pytest

from tests.model.scenarios import (
    ONE_DAY,
    TABLE_AND_MAT_ROOMS,
    TWO_CLIENTS,
    TWO_COURSES,
    TWO_COURSES_NO_ASSESSMENT,
    TWO_RELAXING_THERAPISTS,
    TWO_TABLE_ROOMS,
    shifts,
)


def test_rule_1_therapist_without_the_specialty_is_not_used(make_scenario, solve_optimal, outputs):
    # t1 (relaxing) has room for one 75-minute first session; t2 is free all day but only
    # does sports massage. Value 2: co1 with t1. Ignoring the specialty would give t2 co2 (3).
    folder = make_scenario(
        **{
            "scenario.toml": ONE_DAY,
            "therapists.csv": """
                therapist_id,name,specialties
                t1,Olena,relaxing
                t2,Taras,sports
            """,
            "shifts.csv": shifts(
                "t1,2026-12-07,09:00,10:15",
                "t2,2026-12-07,09:00,17:00",
            ),
            "rooms.csv": TWO_TABLE_ROOMS,
            "clients.csv": TWO_CLIENTS,
            "courses.csv": TWO_COURSES,
        }
    )
    result = solve_optimal(folder)
    assert result.scheduled_value == 2
    # Either table room will do.
    [(key, (therapist, _room, start, end))] = outputs.booked(folder).items()
    assert (key, therapist) == (("co1", 1), "t1")
    assert (start, end) == ("2026-12-07T09:00", "2026-12-07T10:15")


def test_rule_1_room_without_the_equipment_is_not_used(make_scenario, solve_optimal, outputs):
    # Both therapists could work in parallel 09:00-10:15, but only r1 has a table: one session
    # (co1, value 2). A model ignoring equipment would put co2 in the mat room (value 3).
    folder = make_scenario(
        **{
            "scenario.toml": ONE_DAY,
            "therapists.csv": TWO_RELAXING_THERAPISTS,
            "shifts.csv": shifts(
                "t1,2026-12-07,09:00,10:15",
                "t2,2026-12-07,09:00,10:15",
            ),
            "rooms.csv": TABLE_AND_MAT_ROOMS,
            "clients.csv": TWO_CLIENTS,
            "courses.csv": TWO_COURSES,
        }
    )
    result = solve_optimal(folder)
    assert result.scheduled_value == 2
    assert [r["room_id"] for r in outputs.plan(folder)] == ["r1"]
    assert [r["course_id"] for r in outputs.plan(folder)] == ["co1"]


@pytest.mark.parametrize(
    ("needs_assessment", "expected_value"),
    [
        # 60 + 15 assessment minutes don't fit a 60-minute shift: nothing can be booked.
        ("yes", 0),
        # Without an assessment the 60-minute session fills the shift exactly.
        ("no", 1),
    ],
)
def test_rule_2_assessment_lengthens_the_first_session(
    make_scenario, solve_optimal, outputs, needs_assessment, expected_value
):
    folder = make_scenario(
        **{
            "scenario.toml": ONE_DAY,
            "shifts.csv": shifts("t1,2026-12-07,09:00,10:00"),
            "courses.csv": f"""
                course_id,client_id,treatment_id,sessions,needs_assessment
                co1,c1,relax,1,{needs_assessment}
            """,
        }
    )
    result = solve_optimal(folder)
    assert result.scheduled_value == expected_value
    if expected_value:
        assert outputs.booked(folder)[("co1", 1)][2:] == ("2026-12-07T09:00", "2026-12-07T10:00")


def test_rule_2_assessment_only_on_the_first_session(make_scenario, solve_optimal, outputs):
    # Monday's shift holds exactly 75 minutes (session 1 with assessment), Tuesday's exactly 60
    # (session 2 without). Value 2; an assessment on session 2 as well would leave only 1.
    folder = make_scenario(
        **{
            "shifts.csv": shifts(
                "t1,2026-12-07,09:00,10:15",
                "t1,2026-12-08,09:00,10:00",
            ),
            "courses.csv": """
                course_id,client_id,treatment_id,sessions,min_gap_hours
                co1,c1,relax,2,0
            """,
        }
    )
    result = solve_optimal(folder)
    assert result.scheduled_value == 2
    booked = outputs.booked(folder)
    assert booked[("co1", 1)][2:] == ("2026-12-07T09:00", "2026-12-07T10:15")
    assert booked[("co1", 2)][2:] == ("2026-12-08T09:00", "2026-12-08T10:00")


def test_rule_2_assessment_minutes_come_from_scenario_toml(make_scenario, solve_optimal, outputs):
    # assessment_minutes = 30: the first session is 90 minutes and fills 09:00-10:30 exactly.
    folder = make_scenario(
        **{
            "scenario.toml": ONE_DAY + "assessment_minutes = 30\n",
            "shifts.csv": shifts("t1,2026-12-07,09:00,10:30"),
        }
    )
    result = solve_optimal(folder)
    assert result.scheduled_value == 1
    assert outputs.booked(folder)[("co1", 1)][2:] == ("2026-12-07T09:00", "2026-12-07T10:30")


def test_rule_2_no_assessment_after_a_previous_session(make_scenario, solve_optimal, outputs):
    # A course that already had a session (last_session_end) needs no assessment, so its first
    # session here is 60 minutes and fits the 60-minute shift: value 1.
    folder = make_scenario(
        **{
            "scenario.toml": ONE_DAY,
            "shifts.csv": shifts("t1,2026-12-07,09:00,10:00"),
            "courses.csv": """
                course_id,client_id,treatment_id,sessions,last_session_end
                co1,c1,relax,1,2026-12-05T09:00
            """,
        }
    )
    result = solve_optimal(folder)
    assert result.scheduled_value == 1
    assert outputs.booked(folder)[("co1", 1)][2:] == ("2026-12-07T09:00", "2026-12-07T10:00")


def test_rule_3_session_lies_inside_one_shift_piece(make_scenario, solve_optimal, outputs):
    # Split shift 09:00-10:00 and 10:30-11:15: the first piece holds one 60-minute session (its
    # turnover may run past the piece's end), the 45-minute second piece none. Value 2 (co1).
    # Reading the pieces as one span 09:00-11:15 would also fit co2 at 10:15 (value 3).
    folder = make_scenario(
        **{
            "scenario.toml": ONE_DAY,
            "shifts.csv": shifts(
                "t1,2026-12-07,09:00,10:00",
                "t1,2026-12-07,10:30,11:15",
            ),
            "rooms.csv": TWO_TABLE_ROOMS,
            "clients.csv": TWO_CLIENTS,
            "courses.csv": TWO_COURSES_NO_ASSESSMENT,
        }
    )
    result = solve_optimal(folder)
    assert result.scheduled_value == 2
    assert outputs.booked(folder)[("co1", 1)][2:] == ("2026-12-07T09:00", "2026-12-07T10:00")


def test_rule_3_opening_hours_per_weekday(make_scenario, solve_optimal, outputs):
    # The therapist works 09-17 both days, but the spa is closed on Mondays and open
    # 12:00-13:15 on Tuesdays: one 75-minute session (co1, value 2) at Tue 12:00.
    folder = make_scenario(
        **{
            "scenario.toml": """
                start = 2026-12-07
                days = 2
                [opening_hours]
                default = "09:00-21:00"
                mon = "closed"
                tue = "12:00-13:15"
            """,
            "clients.csv": TWO_CLIENTS,
            "courses.csv": TWO_COURSES,
        }
    )
    result = solve_optimal(folder)
    assert result.scheduled_value == 2
    assert outputs.booked(folder) == {
        ("co1", 1): ("t1", "r1", "2026-12-08T12:00", "2026-12-08T13:15")
    }


@pytest.mark.parametrize(
    "toml",
    [
        "[opening_hours]\nclosed_dates = [2026-12-07]\n",
        # The contract accepts a top-level closed_dates as well.
        "closed_dates = [2026-12-07]\n",
    ],
)
def test_rule_3_closed_dates(make_scenario, solve_optimal, outputs, toml):
    # Monday is a closed date although t1 has a shift; Tuesday's shift holds one 75-minute
    # session: co1 (value 2) on Tuesday. Without the closed date both would fit (value 3).
    folder = make_scenario(
        **{
            "scenario.toml": "start = 2026-12-07\ndays = 2\n" + toml,
            "shifts.csv": shifts(
                "t1,2026-12-07,09:00,17:00",
                "t1,2026-12-08,09:00,10:15",
            ),
            "clients.csv": TWO_CLIENTS,
            "courses.csv": TWO_COURSES,
        }
    )
    result = solve_optimal(folder)
    assert result.scheduled_value == 2
    assert outputs.booked(folder) == {
        ("co1", 1): ("t1", "r1", "2026-12-08T09:00", "2026-12-08T10:15")
    }


def test_rule_3_room_closed_all_of_monday(make_scenario, solve_optimal, outputs):
    # The only room is closed during Monday's whole shift: co1 (value 2) on Tuesday only.
    folder = make_scenario(
        **{
            "shifts.csv": shifts(
                "t1,2026-12-07,09:00,17:00",
                "t1,2026-12-08,09:00,10:15",
            ),
            "room_closures.csv": """
                room_id,date,start,end
                r1,2026-12-07,08:00,18:00
            """,
            "clients.csv": TWO_CLIENTS,
            "courses.csv": TWO_COURSES,
        }
    )
    result = solve_optimal(folder)
    assert result.scheduled_value == 2
    assert outputs.booked(folder)[("co1", 1)][2] == "2026-12-08T09:00"


def test_rule_3_session_avoids_a_short_room_closure(make_scenario, solve_optimal, outputs):
    # Cleaning 09:30-10:00 in the only room: the 75-minute session starts at 10:00 or 10:15
    # (the shift ends 11:30). Value 1.
    folder = make_scenario(
        **{
            "scenario.toml": ONE_DAY,
            "shifts.csv": shifts("t1,2026-12-07,09:00,11:30"),
            "room_closures.csv": """
                room_id,date,start,end
                r1,2026-12-07,09:30,10:00
            """,
        }
    )
    result = solve_optimal(folder)
    assert result.scheduled_value == 1
    assert outputs.booked(folder)[("co1", 1)][2] in ("2026-12-07T10:00", "2026-12-07T10:15")
