"""Unscheduled sessions by course: the root cause once, the follow-ups named as following it."""

from __future__ import annotations

from planner.plan import UnscheduledSession
from planner.plan.unscheduled import by_course, without_conditions
from planner.scenario import load_scenario

COURSES = """
    course_id,client_id,treatment_id,sessions
    co1,c1,relax,6
"""


def test_a_course_with_follow_ups_is_one_group_with_its_root_cause(make_scenario):
    scenario, _ = load_scenario(make_scenario({"courses.csv": COURSES}))
    follow = "Sessions are booked in order and session 3 of this course could not be booked."
    rows = [
        UnscheduledSession("co1", 3, "c1", "relax", "Not enough capacity: all booked."),
        *(UnscheduledSession("co1", k, "c1", "relax", follow) for k in (4, 5, 6)),
    ]
    (group,) = by_course(scenario, reversed(rows))
    assert group.label == "3–6 of 6"
    assert group.sentence() == (
        "Session 3 of 6 could not be booked: not enough capacity: all booked. "
        "Sessions 4–6 follow it."
    )


def test_a_single_unscheduled_session_keeps_its_reason(make_scenario):
    scenario, _ = load_scenario(make_scenario({"courses.csv": COURSES}))
    row = UnscheduledSession("co1", 6, "c1", "relax", "No shift is long enough.")
    (group,) = by_course(scenario, [row])
    assert (group.label, group.sentence()) == ("6 of 6", "No shift is long enough.")


def test_without_conditions_hides_both_spellings_of_the_clients_condition(make_scenario):
    folder = make_scenario({"client_conditions.csv": "client_id,condition\nc1,skin_lesion\n"})
    scenario, _ = load_scenario(folder)
    text = "the client has skin lesion (relative); the file says skin_lesion"
    assert without_conditions(scenario, "c1", text) == (
        "the client has a health condition (relative); the file says a health condition"
    )
    # Another client's text is left as it is: only the client's own conditions are known.
    assert without_conditions(scenario, "c2", text) == text
