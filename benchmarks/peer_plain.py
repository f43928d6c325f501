"""The ``plain`` peer: the plain, unpruned CP-SAT model of ``tests/reference`` within one limit.

:func:`tests.reference.plain_model.solve_plain` gives each of its phases the whole time limit
(and the completion of a hint as much again), so a run may take three limits. The benchmark
holds every peer to one limit, so this module runs the reference's own steps (build the model,
hint a plan and complete the hint, phase 1 for the scheduled value, phase 2 for the penalty at
that value) against one clock: the hint's completion may take :data:`HINT_SHARE` of what is
left, phase 1 :data:`~benchmarks.peer_modes.VALUE_SHARE` of what is left then, phase 2 the rest.
The steps are the reference module's private helpers; this is the one place that calls them.
"""

from __future__ import annotations

import math
from typing import Any

from ortools.sat.python import cp_model

from benchmarks.peer_modes import (
    VALUE_SHARE,
    Clock,
    PeerRun,
    candidate_specs,
    record,
    skipped,
)
from planner.model.first_plan.start import baseline_plan
from planner.scenario import Scenario

# Share of the seconds left after building that completing the greedy hint may take.
HINT_SHARE = 0.1


def plain_size(scenario: Scenario) -> int:
    """(session, shift row) choices of the plain model: what its size and build time follow.

    Every session gets one literal per shift row of every therapist with the treatment's
    specialty, and each therapist-day count runs over all of them.
    """
    rows: dict[str, int] = {}
    for shift in scenario.shifts:
        rows[shift.therapist_id] = rows.get(shift.therapist_id, 0) + 1
    total = 0
    for course in scenario.courses:
        specialty = scenario.treatment_of(course).specialty
        qualified = sum(
            rows.get(t.id, 0) for t in scenario.therapists if specialty in t.specialties
        )
        total += qualified * course.sessions
    return total


def plain_peer(scenario: Scenario, run: PeerRun) -> dict[str, Any]:
    """The plain reference model from the greedy plan, lexicographically, within ``run.limit``."""
    from tests.reference import plain_model as reference

    size = plain_size(scenario)
    if run.max_size is not None and size > run.max_size:
        reason = f"model too large: {size:,} session-shift choices > {run.max_size:,}"
        return skipped("plain", run, reason, plain_choices=size)
    clock = Clock(run.limit)
    _, specs = candidate_specs(scenario)
    greedy = baseline_plan(scenario, specs)
    built = reference.build_plain_model(scenario)
    build_seconds = clock.elapsed()
    reference._hint_plan(built, scenario, greedy)
    reference._complete_hint(built, clock.left(HINT_SHARE))
    proto = built.model.proto
    complete = len(proto.solution_hint.vars) == len(proto.variables)
    notes = {"plain_choices": size, "build_seconds": build_seconds, "hinted": True,
             "hint_complete": complete, "variables": len(proto.variables)}  # fmt: skip
    built.model.maximize(built.value)
    first = reference._solver(clock.left(VALUE_SHARE), run.workers, run.seed, False)
    status = first.solve(built.model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        found = "infeasible" if status == cp_model.INFEASIBLE else "unknown"
        return record("plain", scenario, run, status=found, sessions=[], value=0, penalty=None,
                      bound=None, seconds=clock.elapsed(), **notes)  # fmt: skip
    value = round(first.objective_value)
    bound = math.floor(first.best_objective_bound + 1e-6)
    proven = status == cp_model.OPTIMAL
    how = (clock.left(), run.workers, run.seed, False)
    plan, model_penalty, penalty_proven = reference._phase_two(
        scenario, built, first, value, proven, how
    )
    return record(
        "plain", scenario, run, status="optimal" if proven and penalty_proven else "feasible",
        sessions=plan, value=sum(scenario.course_by_id[s.course_id].priority for s in plan),
        penalty=None, bound=bound, seconds=clock.elapsed(), value_proven=proven,
        model_penalty=model_penalty, **notes,
    )  # fmt: skip
