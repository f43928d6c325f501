"""Hard rules 9 (contraindications) and 10 (therapist limits) in tiny spas.

The scenarios bring their own contraindication rules for made-up condition names, so the shipped
defaults (which still apply to other conditions) can't interfere. 2026-12-07 is a Monday.
"""

from __future__ import annotations

import pytest

from tests.model.scenarios import ONE_DAY, THREE_CLIENTS, TWO_CLIENTS, TWO_COURSES, shifts

RULES = """
    condition,treatment_id,rule
    flu,relax,absolute
    sprain,relax,relative
    bruise,*,local
    burn,*,local
    burn,relax,absolute
"""


def condition_row(condition: str, extra: str = "") -> dict[str, str]:
    return {
        "contraindications.csv": RULES,
        "client_conditions.csv": f"client_id,condition,from,until,cleared\nc1,{condition}{extra}\n",
    }


@pytest.mark.parametrize(
    ("condition", "cleared", "expected_value"),
    [
        ("flu", "no", 0),  # absolute over the whole horizon
        ("flu", "yes", 0),  # a clearance doesn't lift an absolute rule
        ("Flu", "no", 0),  # condition names compare case-insensitively
        ("sprain", "no", 0),  # relative and not cleared
        ("sprain", "yes", 1),  # relative and cleared by a physician
        ("bruise", "no", 1),  # local: allowed (with a caution)
        ("burn", "no", 0),  # local for * but absolute for relax: the strictest wins
    ],
)
def test_rule_9_condition_over_the_whole_horizon(
    make_scenario, solve_optimal, condition, cleared, expected_value
):
    # The base spa (two days, t1 09-17, one single-session course): only the rule decides.
    folder = make_scenario(**condition_row(condition, f",,,{cleared}"))
    result = solve_optimal(folder)
    assert result.scheduled_value == expected_value


def test_rule_9_condition_active_on_some_dates_only(make_scenario, solve_optimal, outputs):
    # c1 has flu on Monday only; c2 can come only on Tuesday; each day holds one session.
    # co1 (priority 2) must move to Tuesday, which leaves no room for co2: value 2. A model
    # ignoring the flu would book co1 on Monday and co2 on Tuesday (value 3).
    folder = make_scenario(
        **condition_row("flu", ",2026-12-07,2026-12-07,no"),
        **{
            "shifts.csv": shifts(
                "t1,2026-12-07,09:00,10:15",
                "t1,2026-12-08,09:00,10:15",
            ),
            "clients.csv": TWO_CLIENTS,
            "client_availability.csv": """
                client_id,date,start,end
                c2,2026-12-08,09:00,17:00
            """,
            "courses.csv": TWO_COURSES,
        },
    )
    result = solve_optimal(folder)
    assert result.scheduled_value == 2
    assert outputs.booked(folder) == {
        ("co1", 1): ("t1", "r1", "2026-12-08T09:00", "2026-12-08T10:15")
    }


def test_rule_9_local_rule_books_with_a_caution_on_its_dates(make_scenario, solve_optimal, outputs):
    # A bruise on Monday only: both sessions are booked (value 2), Monday's with a caution for
    # the therapist and Tuesday's without.
    folder = make_scenario(
        **condition_row("bruise", ",2026-12-07,2026-12-07,no"),
        **{
            "courses.csv": """
                course_id,client_id,treatment_id,sessions,min_gap_hours
                co1,c1,relax,2,0
            """
        },
    )
    result = solve_optimal(folder)
    assert result.scheduled_value == 2
    cautions = {r["start"][:10]: r["caution"] for r in outputs.plan(folder)}
    assert cautions == {"2026-12-07": "yes", "2026-12-08": "no"}
    # The therapist learns to take care, never which condition the client has.
    plan_text = (folder.parent / f"{folder.name}-out" / "plan.csv").read_text(encoding="utf-8")
    assert "bruise" not in plan_text


def test_rule_10_sessions_per_day(make_scenario, solve_optimal):
    # t1 may give one session a day; the horizon is one day: co1 only (value 2, not 3).
    folder = make_scenario(
        **{
            "scenario.toml": ONE_DAY,
            "therapists.csv": """
                therapist_id,name,specialties,max_sessions_per_day
                t1,Olena,relaxing,1
            """,
            "clients.csv": TWO_CLIENTS,
            "courses.csv": TWO_COURSES,
        }
    )
    result = solve_optimal(folder)
    assert result.scheduled_value == 2


def test_rule_10_minutes_per_calendar_week_with_a_mid_week_start(
    make_scenario, solve_optimal, outputs
):
    # The horizon runs Thu 10 Dec to Mon 14 Dec, so it touches two calendar weeks: Thu-Sun and
    # Mon. t1 may book 60 minutes a week: one session in each (priorities 3 + 2 = 5). Counting
    # one 7-day block from the start would allow only 3; ignoring the limit 3 + 2 + 1 = 6.
    days = ["2026-12-10", "2026-12-11", "2026-12-12", "2026-12-13", "2026-12-14"]
    folder = make_scenario(
        **{
            "scenario.toml": "start = 2026-12-10\ndays = 5\n",
            "therapists.csv": """
                therapist_id,name,specialties,max_minutes_per_week
                t1,Olena,relaxing,60
            """,
            "shifts.csv": "therapist_id,date,start,end\n"
            + "".join(f"t1,{day},09:00,17:00\n" for day in days),
            "clients.csv": THREE_CLIENTS,
            "courses.csv": """
                course_id,client_id,treatment_id,sessions,priority,needs_assessment
                co1,c1,relax,1,3,no
                co2,c2,relax,1,2,no
                co3,c3,relax,1,1,no
            """,
        }
    )
    result = solve_optimal(folder)
    assert result.scheduled_value == 5
    dates = sorted(start[:10] for (_, _, start, _) in outputs.booked(folder).values())
    assert len(dates) == 2
    assert dates[0] <= "2026-12-13" and dates[1] == "2026-12-14"


@pytest.mark.parametrize(
    ("needs_assessment", "limit", "expected_value"),
    [
        ("no", 60, 1),  # 60 booked minutes fit a 60-minute week
        ("yes", 74, 0),  # the assessment counts: 75 minutes exceed 74
        ("yes", 75, 1),
    ],
)
def test_rule_10_weekly_minutes_count_the_assessment(
    make_scenario, solve_optimal, needs_assessment, limit, expected_value
):
    folder = make_scenario(
        **{
            "therapists.csv": f"""
                therapist_id,name,specialties,max_minutes_per_week
                t1,Olena,relaxing,{limit}
            """,
            "courses.csv": f"""
                course_id,client_id,treatment_id,sessions,needs_assessment
                co1,c1,relax,1,{needs_assessment}
            """,
        }
    )
    result = solve_optimal(folder)
    assert result.scheduled_value == expected_value


def test_rule_10_deep_sessions_per_day(make_scenario, solve_optimal):
    # t1 may give one deep session a day: one of the two deep courses plus the gentle one
    # (value 2); ignoring the limit books all three.
    folder = make_scenario(
        **{
            "scenario.toml": ONE_DAY,
            "therapists.csv": """
                therapist_id,name,specialties,max_deep_per_day
                t1,Olena,relaxing,1
            """,
            "treatments.csv": """
                treatment_id,name,specialty,duration_min,equipment,intensity
                relax,Relaxing massage,relaxing,60,table,gentle
                deep,Deep tissue massage,relaxing,60,table,deep
            """,
            "clients.csv": THREE_CLIENTS,
            "courses.csv": """
                course_id,client_id,treatment_id,sessions
                co1,c1,deep,1
                co2,c2,deep,1
                co3,c3,relax,1
            """,
        }
    )
    result = solve_optimal(folder)
    assert result.scheduled_value == 2
