"""The model's score expressions of a known plan equal the contract's score, hand-computed."""

from __future__ import annotations

from dataclasses import replace

from planner.check import check_sessions
from planner.model.cpsat.objective import value_less_moves
from planner.model.search.search_score import search_score
from tests.model.cpsat.spa_of_two import PLAN, model_of, solve_hinted, spa_of_two


def test_value_and_each_penalty_part_of_a_known_plan():
    scenario = spa_of_two()
    assert check_sessions(scenario, PLAN) == []
    built = model_of(scenario)
    objective = built.objective

    solver = solve_hinted(built, PLAN)

    assert solver is not None
    # 3 + 3 for co1's two sessions, 1 for co2's.
    assert solver.value(objective.value) == 7
    parts = {name: solver.value(expr) for name, expr in objective.parts.items()}
    # co1 has two therapists (one more than one); its session 2 is not with t1; co2 is
    # outside Boris's wish.
    assert parts == {"continuity": 1, "preferred_therapist": 1, "preferred_time": 1}
    assert objective.weights == {"continuity": 10, "preferred_therapist": 5, "preferred_time": 2}
    assert solver.value(objective.penalty()) == 10 + 5 + 2 == search_score(scenario, PLAN).penalty
    assert objective.moves is None
    assert solver.value(value_less_moves(objective, scenario)) == 700


def test_a_plan_that_keeps_to_the_wishes_has_no_penalty():
    scenario = spa_of_two()
    kept = [PLAN[0], replace(PLAN[1], therapist_id="t1"), replace(PLAN[2], start=600, end=660)]
    assert check_sessions(scenario, kept) == []
    built = model_of(scenario)

    solver = solve_hinted(built, kept)

    assert solver is not None
    assert solver.value(built.objective.penalty()) == 0
    assert solver.value(built.objective.value) == 7


def test_moving_a_published_session_costs_its_stability_weight():
    scenario = spa_of_two()
    # The published plan had co2 at 15:00: the plan moves it; the other two stay.
    reference = [*PLAN[:2], replace(PLAN[2], start=900, end=960)]
    built = model_of(scenario, reference)

    solver = solve_hinted(built, PLAN)

    assert solver is not None
    assert built.objective.moves is not None
    assert solver.value(built.objective.moves) == 1
    # Value 7 in hundredths, less 3 (stability) for the move.
    assert solver.value(value_less_moves(built.objective, scenario)) == 700 - 300
    assert search_score(scenario, PLAN, reference).value_less_moves == 400
