"""Why a plan leaves sessions out, for any plan: :func:`planner.model.explain.explain_plan`."""

from __future__ import annotations

from planner.model import explain_plan
from planner.plan import PlannedSession
from planner.scenario import load_scenario

TWO_SESSIONS = """
    course_id,client_id,treatment_id,sessions,needs_assessment
    co1,c1,relax,2,no
"""


def test_a_plan_that_books_everything_leaves_nothing_to_explain(make_scenario) -> None:
    scenario, _ = load_scenario(make_scenario({"courses.csv": TWO_SESSIONS}))
    plan = [
        PlannedSession("co1", 1, "c1", "relax", "t1", "r1", 540, 600),
        PlannedSession("co1", 2, "c1", "relax", "t1", "r1", 1440 + 600, 1440 + 660),
    ]
    assert explain_plan(scenario, plan) == []


def test_the_first_missing_session_has_the_cause_and_later_ones_follow_it(make_scenario) -> None:
    # Nobody has the specialty: the cause shows without looking at the plan.
    therapists = "therapist_id,name,specialties\nt1,Olena,lymphatic"
    folder = make_scenario({"courses.csv": TWO_SESSIONS, "therapists.csv": therapists})
    scenario, _ = load_scenario(folder)
    rows = explain_plan(scenario, [])
    assert [(u.course_id, u.session) for u in rows] == [("co1", 1), ("co1", 2)]
    assert "relaxing" in rows[0].reason
    assert rows[1].reason.startswith("Sessions are booked in order and session 1")
