"""A plan from the day split's bookings: on a ward the exact optimum, and valid on any scenario
whatever the bookings say (pins kept, gaps kept, every rule the checker knows).
"""

from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.check import check_sessions
from planner.generate.fuzz import fuzz_scenario
from planner.generate.ward import build_ward
from planner.model.bound.relaxation import relaxation_search
from planner.model.first_plan.from_days import plan_from_days
from planner.model.first_plan.start import start_plan
from planner.model.prune.session_specs import CandidateBuilder, SessionSpec, bookable_prefix
from planner.model.search.budget import Budget
from planner.plan import PlannedSession
from planner.scenario.types import Scenario
from tests.reference.ward_optimum import ward_optimum

# Generous: a ceiling for small programmes, not a measurement.
SECONDS = 60.0


def specs_of(scenario: Scenario) -> tuple[CandidateBuilder, dict[str, list[SessionSpec]]]:
    builder = CandidateBuilder(scenario)
    return builder, {c.id: builder.course_specs(c) for c in scenario.courses}


def value_of(scenario: Scenario, plan: list[PlannedSession]) -> int:
    return sum(scenario.course_by_id[s.course_id].priority for s in plan)


@pytest.mark.parametrize(
    ("patients", "therapists", "demand", "turnover", "seed"),
    [(30, 2, 1.85, 0, 2), (24, 2, 1.8, 5, 1), (40, 3, 1.5, 0, 7)],
)
def test_on_a_ward_the_day_split_outlines_the_exact_optimum(
    patients, therapists, demand, turnover, seed
):
    ward = build_ward(
        patients=patients, therapists=therapists, demand=demand, turnover=turnover, seed=seed
    )
    optimum = ward_optimum(ward)
    assert optimum is not None
    builder, specs = specs_of(ward)
    model_specs = [s for course in specs.values() for s in bookable_prefix(course)]
    found = relaxation_search(ward, model_specs, builder.work, SECONDS)
    assert found.bound == optimum[0]
    plans = [plan_from_days(ward, specs, choices) for choices in found.day_bookings]
    assert plans
    assert check_sessions(ward, plans[0]) == []
    assert value_of(ward, plans[0]) == optimum[0]


@settings(
    max_examples=12,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(seed=st.integers(0, 2**31 - 1), hint=st.integers(6, 30))
def test_any_outline_gives_a_valid_plan_that_keeps_the_pins(seed: int, hint: int) -> None:
    scenario, _oddities = fuzz_scenario(seed, sessions_hint=hint)
    builder, specs = specs_of(scenario)
    start = start_plan(scenario, specs, builder.work, Budget(SECONDS, deterministic=True), None)
    if start is None:
        return  # pins that admit no plan
    # Bookings drawn at random among the sessions' own choices, numbers and days mixed up.
    rng = random.Random(seed)
    choices = [
        (spec, therapist_id, day)
        for course in specs.values()
        for spec in course
        for therapist_id, day in spec.candidates
        if rng.random() < 0.3
    ]
    plan = plan_from_days(scenario, specs, choices, start)
    assert check_sessions(scenario, plan) == []
    pinned = {(p.course_id, p.session, p.therapist_id, p.room_id, p.start) for p in scenario.pins}
    kept = {(s.course_id, s.session, s.therapist_id, s.room_id, s.start) for s in plan}
    assert pinned <= kept
