"""A step of the part-by-part search never hands back a worse plan, nor an invalid one.

The search of a large spa keeps a step's plan only through :class:`PartSearch` itself (the
phases trust it), so each step must keep the search's score from falling and every rule. The
steps start from a deliberately weak plan (each course cut to its first session), so that they
have something to improve and the test sees them change the plan.
"""

from __future__ import annotations

import pytest

from planner.check import check_sessions
from planner.generate import build_scenario
from planner.model import Budget, CandidateBuilder, start_plan
from planner.model.cpsat.part_search import PartSearch
from planner.model.search.phases import PART_KINDS
from planner.model.search.search_score import search_score
from planner.plan import PlannedSession


@pytest.mark.parametrize("seed", [0, 1])
def test_a_part_step_never_lowers_the_score(seed):
    scenario = build_scenario(therapists=3, rooms=2, courses=18, days=3, seed=seed, tightness=1.0)
    builder = CandidateBuilder(scenario)
    specs = {c.id: builder.course_specs(c) for c in scenario.courses}
    budget = Budget(limit=30.0, deterministic=True)
    start = start_plan(scenario, specs, builder.work, budget)
    assert start is not None
    pinned = {p.course_id for p in scenario.pins}
    weak = [s for s in start if s.session == 1 or s.course_id in pinned]
    assert not check_sessions(scenario, weak)

    search = PartSearch(scenario, specs, builder.work, reference=None, seed=seed)
    plan: dict[tuple[str, int], PlannedSession] = {(s.course_id, s.session): s for s in weak}
    changed = 0
    for step in range(12):
        kind = PART_KINDS[step % len(PART_KINDS)]
        before = search_score(scenario, list(plan.values()))
        found = search.step(plan, budget, kind)
        if found is None:
            continue
        assert search_score(scenario, list(found.values())) >= before, kind
        assert check_sessions(scenario, list(found.values())) == [], kind
        changed += found != plan
        plan = found
    assert changed  # the steps did re-plan parts, so the assertions above were put to work
    assert search_score(scenario, list(plan.values())) > search_score(scenario, weak)
