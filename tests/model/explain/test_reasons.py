"""unscheduled.csv says why a session is unscheduled, in a spa manager's words (model.explain)."""

from __future__ import annotations

from planner.plan import UNSCHEDULED_COLUMNS
from tests.model.scenarios import (
    ONE_DAY,
    TABLE_AND_MAT_ROOMS,
    THREE_DAYS,
    TWO_CLIENTS,
    TWO_COURSES,
    TWO_RELAXING_THERAPISTS,
    shifts,
)

# The base spa's therapist gives only relaxing and lymphatic treatments.
THAI_MASSAGE = """
    treatment_id,name,specialty,duration_min,equipment
    thai,Thai massage,thai,60,table
"""

LYMPH_DRAINAGE = """
    treatment_id,name,specialty,duration_min,equipment
    lymph_drainage,Lymph drainage,lymphatic,60,table
"""

ONE_LYMPH_DRAINAGE = """
    course_id,client_id,treatment_id,sessions
    co1,c1,lymph_drainage,1
"""


def test_no_therapist_with_the_specialty(make_scenario, solve_optimal, outputs):
    folder = make_scenario(
        **{
            "treatments.csv": THAI_MASSAGE,
            "courses.csv": """
                course_id,client_id,treatment_id,sessions
                co1,c1,thai,2
            """,
        }
    )
    result = solve_optimal(folder)
    assert result.scheduled_value == 0
    reasons = outputs.reasons(folder)
    assert reasons[("co1", 1)] == "No therapist has the specialty thai needed for Thai massage."
    assert "session 1 of this course could not be booked" in reasons[("co1", 2)]


def test_no_room_with_the_equipment(make_scenario, solve_optimal, outputs):
    folder = make_scenario(
        **{
            "treatments.csv": """
                treatment_id,name,specialty,duration_min,equipment
                scrub,Salt scrub,relaxing,60,table;shower
            """,
            "courses.csv": """
                course_id,client_id,treatment_id,sessions
                co1,c1,scrub,1
            """,
        }
    )
    result = solve_optimal(folder)
    assert result.scheduled_value == 0
    reason = outputs.reasons(folder)[("co1", 1)]
    assert reason.startswith("No room has all the equipment Salt scrub needs")
    assert "shower" in reason


def test_thrombosis_forbids_lymph_drainage_on_every_day(make_scenario, solve_optimal, outputs):
    # The shipped rules: thrombosis is an absolute contraindication for lymph drainage.
    folder = make_scenario(
        **{
            "treatments.csv": LYMPH_DRAINAGE,
            "client_conditions.csv": """
                client_id,condition
                c1,thrombosis
            """,
            "courses.csv": ONE_LYMPH_DRAINAGE,
        }
    )
    result = solve_optimal(folder)
    assert result.scheduled_value == 0
    reason = outputs.reasons(folder)[("co1", 1)]
    assert "thrombosis" in reason
    assert "absolute contraindication for Lymph drainage" in reason
    assert "every day the spa is open" in reason


def test_relative_contraindication_without_clearance(make_scenario, solve_optimal, outputs):
    # The shipped rules: pregnancy is a relative contraindication for lymph drainage.
    folder = make_scenario(
        **{
            "treatments.csv": LYMPH_DRAINAGE,
            "client_conditions.csv": """
                client_id,condition,cleared
                c1,pregnancy,no
            """,
            "courses.csv": ONE_LYMPH_DRAINAGE,
        }
    )
    result = solve_optimal(folder)
    assert result.scheduled_value == 0
    reason = outputs.reasons(folder)[("co1", 1)]
    assert "pregnancy" in reason
    assert "not cleared by a physician" in reason


def test_gaps_against_the_deadline(make_scenario, solve_optimal, outputs):
    # 48 h gaps over a three-day horizon: sessions 1 and 2 fit, 3 and 4 don't.
    folder = make_scenario(
        **{
            "scenario.toml": THREE_DAYS,
            "shifts.csv": shifts(
                "t1,2026-12-07,09:00,17:00",
                "t1,2026-12-08,09:00,17:00",
                "t1,2026-12-09,09:00,17:00",
            ),
            "courses.csv": """
                course_id,client_id,treatment_id,sessions,min_gap_hours
                co1,c1,relax,4,48
            """,
        }
    )
    result = solve_optimal(folder)
    assert result.scheduled_value == 2
    reasons = outputs.reasons(folder)
    assert set(reasons) == {("co1", 3), ("co1", 4)}
    assert "needs 4 sessions at least 48 h apart" in reasons[("co1", 3)]
    assert "only 2 fit before" in reasons[("co1", 3)]
    assert "session 3 of this course could not be booked" in reasons[("co1", 4)]


def test_capacity_taken_by_a_more_valuable_course(make_scenario, solve_optimal, outputs):
    # One therapist, one 75-minute slot: co1 (priority 2) takes it, co2 is unscheduled for lack
    # of capacity, not for a rule of its own.
    folder = make_scenario(
        **{
            "scenario.toml": ONE_DAY,
            "shifts.csv": shifts("t1,2026-12-07,09:00,10:15"),
            "clients.csv": TWO_CLIENTS,
            "courses.csv": TWO_COURSES,
        }
    )
    result = solve_optimal(folder)
    assert result.scheduled_value == 2
    reason = outputs.reasons(folder)[("co2", 1)]
    assert reason.startswith("Not enough capacity")
    assert "every therapist with the specialty relaxing is already booked" in reason


def test_unscheduled_csv_has_the_contract_columns_and_one_row_per_session(
    make_scenario, solve_and_check, outputs
):
    folder = make_scenario(
        **{
            "treatments.csv": THAI_MASSAGE,
            "courses.csv": """
                course_id,client_id,treatment_id,sessions
                co1,c1,thai,3
            """,
        }
    )
    solve_and_check(folder)
    rows = outputs.unscheduled(folder)
    assert tuple(rows[0]) == UNSCHEDULED_COLUMNS
    assert [(r["course_id"], r["session"], r["client_id"], r["treatment_id"]) for r in rows] == [
        ("co1", "1", "c1", "thai"),
        ("co1", "2", "c1", "thai"),
        ("co1", "3", "c1", "thai"),
    ]
    assert all(r["reason"].endswith(".") for r in rows)


def test_room_bottleneck_does_not_blame_free_therapists(make_scenario, solve_optimal, outputs):
    # Two therapists work 09:00-10:15, but only r1 has a table: co1 takes it. For co2 the
    # second therapist is free; only the room is missing.
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
    reason = outputs.reasons(folder)[("co2", 1)]
    assert "every room with the needed equipment is already booked" in reason
    assert "every therapist" not in reason


def test_max_gap_after_the_previous_session_ran_out(make_scenario, solve_optimal, outputs):
    # The last session ended Friday 09:00 and at most 48 h may pass: the next one was due by
    # Sunday 09:00, before the horizon starts on Monday.
    folder = make_scenario(
        **{
            "courses.csv": """
                course_id,client_id,treatment_id,sessions,max_gap_hours,last_session_end
                co1,c1,relax,1,48,2026-12-04T09:00
            """
        }
    )
    result = solve_optimal(folder)
    assert result.scheduled_value == 0
    reason = outputs.reasons(folder)[("co1", 1)]
    assert "48 h" in reason
    assert "only 0 fit" not in reason


def test_no_session_after_the_previous_one_says_none_fits(make_scenario, solve_optimal, outputs):
    # The last session ended Sunday 12:00 and 50 h must pass: Tuesday 14:00, after `latest`.
    folder = make_scenario(
        **{
            "courses.csv": """
                course_id,client_id,treatment_id,sessions,min_gap_hours,latest,last_session_end
                co1,c1,relax,1,50,2026-12-08T12:00,2026-12-06T12:00
            """
        }
    )
    assert solve_optimal(folder).scheduled_value == 0
    reason = outputs.reasons(folder)[("co1", 1)]
    assert "but none fits before" in reason, reason
    assert "only 0" not in reason
