"""The CP-SAT model holds the checker's rules, no more and no less: a valid plan, given as a
hint and fixed, is a solution with the same value and penalty and reads back as itself; a plan
the checker refuses is no solution.

Each model is assembled by :func:`~planner.model.cpsat.build.build_model`, hinted by
:func:`~planner.model.cpsat.hint.add_plan_hint` and read back by
:func:`~planner.model.cpsat.hint.extract_plan`.
"""

from __future__ import annotations

from datetime import date

import pytest
from ortools.sat.python import cp_model

from planner.check import check_sessions
from planner.generate import build_scenario
from planner.model import Budget, CandidateBuilder, bookable_prefix, start_plan
from planner.model.cpsat.build import BuiltModel, build_model
from planner.model.cpsat.hint import add_plan_hint, extract_plan, to_sessions
from planner.model.search.search_score import search_score
from planner.plan import PlannedSession
from planner.scenario.builder import ScenarioBuilder
from planner.scenario.types import Scenario


def model_of(scenario: Scenario) -> tuple[BuiltModel, CandidateBuilder]:
    builder = CandidateBuilder(scenario)
    specs = [s for c in scenario.courses for s in bookable_prefix(builder.course_specs(c))]
    return build_model(scenario, specs, builder.work), builder


def solve_fixed(built: BuiltModel, plan: list[PlannedSession]) -> cp_model.CpSolver | None:
    """Solve with every hinted variable fixed to ``plan``; None if that is no solution."""
    add_plan_hint(built, plan)
    built.model.minimize(built.objective.penalty())
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.fix_variables_to_their_hinted_value = True
    solver.parameters.max_deterministic_time = 20.0
    status = solver.solve(built.model)
    assert status != cp_model.UNKNOWN, "the fixed model was not decided in its work limit"
    return solver if status in (cp_model.OPTIMAL, cp_model.FEASIBLE) else None


def key(s: PlannedSession) -> tuple[str, int]:
    return (s.course_id, s.session)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_a_valid_plan_is_a_solution_of_the_model_with_its_own_score(seed):
    scenario = build_scenario(therapists=3, rooms=2, courses=14, days=3, seed=seed, tightness=1.1)
    built, builder = model_of(scenario)
    specs = {c.id: builder.course_specs(c) for c in scenario.courses}
    plan = start_plan(scenario, specs, builder.work, Budget(limit=10.0, deterministic=True))
    assert plan is not None and plan
    assert check_sessions(scenario, plan) == []

    solver = solve_fixed(built, plan)
    assert solver is not None
    expected = search_score(scenario, plan)
    assert 100 * solver.value(built.objective.value) == expected.value_less_moves
    assert solver.objective_value == expected.penalty
    back = to_sessions(scenario, extract_plan(built, solver))
    assert sorted(back, key=key) == sorted(plan, key=key)


def test_a_plan_the_checker_refuses_is_no_solution():
    monday = date(2026, 12, 7)
    b = ScenarioBuilder("clash", start=monday, days=1)
    b.add_therapist("t1", specialties=["relaxing"], shifts=[(monday, "09:00", "17:00")])
    b.add_room("r1", equipment=["table"])
    b.add_room("r2", equipment=["table"])
    b.add_treatment("relax", specialty="relaxing", duration=60, equipment=["table"])
    for n in (1, 2):
        b.add_client(f"c{n}")
        b.add_course(f"co{n}", f"c{n}", "relax", 1, needs_assessment=False)
    scenario = b.build()
    built, _builder = model_of(scenario)

    def at(course: str, room: str, start: int) -> PlannedSession:
        client = "c" + course[-1]
        return PlannedSession(course, 1, client, "relax", "t1", room, start, start + 60)

    # t1 in two rooms at 09:00 (rule 6), then with no turnover between sessions.
    for plan in ([at("co1", "r1", 540), at("co2", "r2", 540)],
                 [at("co1", "r1", 540), at("co2", "r2", 600)]):  # fmt: skip
        assert [v.rule for v in check_sessions(scenario, plan)] == [6]
        assert solve_fixed(model_of(scenario)[0], plan) is None
    # After the 15-minute turnover it is a plan, and a solution.
    fine = [at("co1", "r1", 540), at("co2", "r2", 615)]
    assert check_sessions(scenario, fine) == []
    assert solve_fixed(built, fine) is not None
