"""One CP-SAT solve inside a phase: it reads the phase's limits, accounts the work it did, stops
when asked, and reports progress; none of it depends on how fast the machine is."""

from __future__ import annotations

import itertools
import threading

from ortools.sat.python import cp_model

from planner.model import Budget
from planner.model.cpsat.run import run_cpsat, value_progress
from planner.model.search.solve_options import Progress


def golomb_ruler(marks: int) -> cp_model.CpModel:
    """The shortest ruler with ``marks`` marks whose distances all differ: far too hard to
    prove within the small limits below (11 marks: 72, found only after long searches)."""
    model = cp_model.CpModel()
    top = marks * marks
    ticks = [model.new_int_var(0, top, f"m{i}") for i in range(marks)]
    model.add(ticks[0] == 0)
    for a, b in itertools.pairwise(ticks):
        model.add(b > a)
    diffs = []
    for i in range(marks):
        for j in range(i + 1, marks):
            d = model.new_int_var(1, top, f"d{i},{j}")
            model.add(d == ticks[j] - ticks[i])
            diffs.append(d)
    model.add_all_different(diffs)
    model.minimize(ticks[-1])
    return model


def small_knapsack() -> cp_model.CpModel:
    """Values 3, 4, 5 of weights 2, 3, 4 under a weight of 7: best 4 + 5 = 9."""
    model = cp_model.CpModel()
    take = [model.new_bool_var(f"x{i}") for i in range(3)]
    model.add(2 * take[0] + 3 * take[1] + 4 * take[2] <= 7)
    model.maximize(3 * take[0] + 4 * take[1] + 5 * take[2])
    return model


def test_a_small_model_is_solved_and_proven_within_its_stage():
    budget = Budget(limit=10.0, deterministic=True)
    stage = budget.stage(5.0)

    run = run_cpsat(small_knapsack(), stage, workers=1, seed=0)

    assert run.found and run.proven and not run.infeasible
    assert run.solver.objective_value == 9 == run.bound
    # The work done is charged to the budget, never more than the stage's share.
    assert 0.0 <= budget.used <= stage.seconds


def test_an_infeasible_model_says_so():
    model = cp_model.CpModel()
    x = model.new_int_var(0, 3, "x")
    model.add(x >= 5)

    run = run_cpsat(model, Budget(limit=10.0, deterministic=True).stage(5.0), workers=1, seed=0)

    assert run.infeasible and not run.found


def test_a_deterministic_stage_ends_a_hard_search_at_its_work_limit():
    budget = Budget(limit=10.0, deterministic=True)
    stage = budget.stage(0.1)  # 0.009 deterministic seconds with one worker

    run = run_cpsat(golomb_ruler(11), stage, workers=1, seed=0)

    assert not run.proven
    assert budget.used <= stage.seconds
    # The same stage gives the same answer again: the limit is work, not time.
    again = run_cpsat(golomb_ruler(11), Budget(10.0, True).stage(0.1), workers=1, seed=0)
    assert again.status == run.status
    if run.found:
        assert again.solver.objective_value == run.solver.objective_value


def test_a_stop_requested_before_the_run_ends_a_search_that_could_take_minutes():
    stop = threading.Event()
    stop.set()
    budget = Budget(limit=600.0, deterministic=False, stop=stop)

    run = run_cpsat(golomb_ruler(11), budget.stage(600.0), workers=1, seed=0)

    assert not run.proven and not run.infeasible
    assert budget.stopped()


def test_value_progress_reports_the_value_and_bound_in_whole_units():
    budget = Budget(limit=10.0, deterministic=True)
    seen: list[Progress] = []
    report = value_progress(budget.stage(5.0), seen.append, scale=100)
    assert report is not None

    report(1234.0, 1999.0)
    # A bound a hair below a whole number (floating-point noise) counts as that number.
    report(1234.0, 1999.9999999)

    assert [(p.scheduled_value, p.bound, p.penalty, p.time_limit) for p in seen] == [
        (12, 19, None, 10.0),
        (12, 20, None, 10.0),
    ]
    assert value_progress(budget.stage(5.0), None) is None


def test_value_progress_never_reports_a_bound_above_one_proven_before():
    # CP-SAT's first bounds are often far above a relaxation's; the manager watching the
    # progress should not see the distance to the limit grow.
    budget = Budget(limit=10.0, deterministic=True)
    seen: list[Progress] = []
    report = value_progress(budget.stage(5.0), seen.append, scale=100, known_bound=15)
    assert report is not None

    report(1234.0, 1999.0)
    report(1300.0, 1400.0)

    assert [(p.scheduled_value, p.bound) for p in seen] == [(12, 15), (13, 14)]


def test_progress_reaches_the_caller_for_each_better_solution():
    seen: list[tuple[float, float]] = []
    budget = Budget(limit=10.0, deterministic=True)

    run = run_cpsat(small_knapsack(), budget.stage(5.0), workers=1, seed=0,
                    report=lambda value, bound: seen.append((value, bound)))  # fmt: skip

    assert run.proven
    assert seen and seen[-1][0] == 9
    assert [value for value, _ in seen] == sorted(value for value, _ in seen)
