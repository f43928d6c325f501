"""A plan as a hint: every variable gets the plan's value, so a valid plan's hint is a solution
that reads back as the same plan; sessions the plan leaves out are hinted absent."""

from __future__ import annotations

from planner.check import check_sessions
from planner.model.cpsat.hint import extract_plan, to_sessions
from tests.model.cpsat.spa_of_two import PLAN, model_of, session, solve_hinted, spa_of_two


def key(s):
    return (s.course_id, s.session)


def test_a_valid_plan_hinted_is_a_solution_and_reads_back_as_itself():
    scenario = spa_of_two()
    assert check_sessions(scenario, PLAN) == []
    built = model_of(scenario)

    solver = solve_hinted(built, PLAN)

    assert solver is not None
    back = to_sessions(scenario, extract_plan(built, solver))
    assert sorted(back, key=key) == sorted(PLAN, key=key)


def test_sessions_left_out_of_the_plan_are_hinted_absent():
    scenario = spa_of_two()
    part = [s for s in PLAN if s.course_id == "co1"]
    built = model_of(scenario)

    solver = solve_hinted(built, part)

    assert solver is not None
    assert [row[0] for row in extract_plan(built, solver)] == [("co1", 1), ("co1", 2)]


def test_a_session_at_a_start_it_can_not_have_is_hinted_absent():
    scenario = spa_of_two()
    # 08:00 lies before every shift: no choice of co2 has it.
    odd = [*PLAN[:2], session("co2", 1, "t2", "r2", 480, 60)]
    assert {v.rule for v in check_sessions(scenario, odd)} == {3, 4}
    built = model_of(scenario)

    solver = solve_hinted(built, odd)

    assert solver is not None
    assert [row[0] for row in extract_plan(built, solver)] == [("co1", 1), ("co1", 2)]


def test_to_sessions_gives_each_row_its_client_treatment_and_length():
    scenario = spa_of_two()
    rows = [(("co1", 1), "t1", "r1", 540), (("co2", 1), "t2", "r2", 840)]

    sessions = to_sessions(scenario, rows)

    assert [(s.client_id, s.treatment_id, s.start, s.end) for s in sessions] == [
        ("c1", "relax", 540, 615),  # the assessment makes session 1 of co1 75 minutes
        ("c2", "relax", 840, 900),
    ]
    assert check_sessions(scenario, sessions, partial=True) == []
