"""The final check's repair: what breaks a rule goes with its course's later sessions; pins stay."""

from __future__ import annotations

from planner.check import check_sessions
from planner.check.repair import repair_plan
from planner.plan import PlannedSession
from planner.scenario import load_scenario

SPA = {
    "scenario.toml": """
        start = 2026-12-07
        days = 3
    """,
    "clients.csv": """
        client_id,name
        c1,Anna
        c2,Boris
    """,
    "shifts.csv": """
        therapist_id,date,start,end
        t1,2026-12-07,09:00,17:00
        t1,2026-12-08,09:00,17:00
        t1,2026-12-09,09:00,17:00
    """,
    "courses.csv": """
        course_id,client_id,treatment_id,sessions,priority,needs_assessment
        co1,c1,relax,3,1,no
        co2,c2,relax,1,2,no
    """,
}


def _session(course: str, number: int, client: str, start: int) -> PlannedSession:
    return PlannedSession(course, number, client, "relax", "t1", "r1", start, start + 60)


def test_a_session_outside_every_shift_goes_with_its_course_s_later_sessions(make_scenario):
    scenario, _ = load_scenario(make_scenario(SPA))
    day = 1440
    plan = [
        _session("co1", 1, "c1", 9 * 60),
        _session("co1", 2, "c1", day + 18 * 60),  # after t1's shift: rule 3
        _session("co1", 3, "c1", 2 * day + 14 * 60),  # 19 h after co1 #2: rule 8
        _session("co2", 1, "c2", 11 * 60),
    ]
    kept, repairs = repair_plan(scenario, plan)
    assert {(s.course_id, s.session) for s in kept} == {("co1", 1), ("co2", 1)}
    assert check_sessions(scenario, kept) == []
    assert [(r.course_id, r.session, r.rules) for r in repairs] == [
        ("co1", 2, (3,)),
        ("co1", 3, (8,)),
    ]
    assert "hard rule 3" in repairs[0].reason


def test_of_two_overlapping_sessions_the_less_valuable_one_goes(make_scenario):
    scenario, _ = load_scenario(make_scenario(SPA))
    plan = [_session("co1", 1, "c1", 9 * 60), _session("co2", 1, "c2", 9 * 60 + 30)]
    kept, repairs = repair_plan(scenario, plan)
    assert [(s.course_id, s.session) for s in kept] == [("co2", 1)]
    assert [(r.course_id, r.rules) for r in repairs] == [("co1", (6,))]


def test_a_pinned_session_is_never_taken_out(make_scenario):
    files = {
        **SPA,
        "pinned.csv": """
            course_id,session,therapist_id,room_id,start
            co1,1,t1,r1,2026-12-07T09:00
        """,
    }
    scenario, _ = load_scenario(make_scenario(files))
    plan = [_session("co1", 1, "c1", 9 * 60), _session("co2", 1, "c2", 9 * 60 + 30)]
    kept, repairs = repair_plan(scenario, plan)
    assert [(s.course_id, s.session) for s in kept] == [("co1", 1)]
    assert [r.course_id for r in repairs] == ["co2"]


def test_a_valid_plan_comes_back_unchanged(make_scenario):
    scenario, _ = load_scenario(make_scenario(SPA))
    plan = [_session("co1", 1, "c1", 9 * 60), _session("co2", 1, "c2", 11 * 60)]
    kept, repairs = repair_plan(scenario, plan)
    assert kept == plan
    assert repairs == []
