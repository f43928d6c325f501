"""Solve and check: the one way every command plans a scenario.

The solver's plan goes through the independent checker before anyone sees it. Should it break a
hard rule (a solver defect), the offending sessions and the later sessions of their courses are
taken out (:func:`planner.check.repair.repair_plan`), the result says so in ``repaired``, and the
commands exit with :data:`REPAIRED_EXIT` so that cron notices. Set ``PLANNER_FAIL_ON_REPAIR=1``
(the test suite does) to turn such a repair into an error instead, so that it never hides a bug.
"""

from __future__ import annotations

import os
from dataclasses import replace

from planner.check import score
from planner.check.repair import repair_plan
from planner.model import Result, SolveOptions, Status, solve
from planner.plan import Plan, UnscheduledSession
from planner.scenario.types import Scenario

FAIL_ON_REPAIR = "PLANNER_FAIL_ON_REPAIR"


class RepairNeeded(RuntimeError):
    """The solver's plan broke a hard rule and ``PLANNER_FAIL_ON_REPAIR`` is set."""


def checked(scenario: Scenario, result: Result) -> Result:
    """``result`` if its plan keeps every hard rule, else the repaired result."""
    if not result.plan.sessions:
        return result
    kept, repairs = repair_plan(scenario, result.plan.sessions)
    if not repairs:
        return result
    if os.environ.get(FAIL_ON_REPAIR):
        raise RepairNeeded(
            f"the solver's plan broke hard rules at {len(repairs)} session(s): "
            + "; ".join(r.reason for r in repairs[:3])
        )
    by_key = {(r.course_id, r.session): r for r in repairs}
    unscheduled = [u for u in result.plan.unscheduled if (u.course_id, u.session) not in by_key]
    for key, repair in by_key.items():
        course = scenario.course_by_id[key[0]]
        unscheduled.append(
            UnscheduledSession(key[0], key[1], course.client_id, course.treatment_id, repair.reason)
        )
    rated = score(scenario, kept)
    return replace(
        result,
        status=Status.FEASIBLE,
        plan=Plan(tuple(kept), tuple(unscheduled)).sorted(),
        scheduled_value=rated.scheduled_value,
        penalty=rated.penalty,
        penalty_parts=dict(rated.parts),
        repaired=tuple(repairs),
    )


def solve_checked(scenario: Scenario, options: SolveOptions | None = None) -> Result:
    """:func:`planner.model.solve`, then the independent checker on its plan (see the module)."""
    return checked(scenario, solve(scenario, options))
