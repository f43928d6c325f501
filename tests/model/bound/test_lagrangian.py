"""The relaxation split by day and the relaxation in whole bookings are bounds: never below the
best plan that exists, on hand-made spas (optimum by hand and by brute force), on drawn spas
(the plain reference model's exact optimum, no code shared with planner/model/) and on wards
(their exact optimum); and on a ward the split is the exact optimum, which the linear
relaxation is not.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.sparse import csr_matrix

from planner.generate.fuzz import fuzz_scenario
from planner.generate.ward import build_ward
from planner.model import CandidateBuilder, bookable_prefix
from planner.model.bound import lagrangian
from planner.model.bound.lagrangian import LinearSystem, lagrangian_bound, whole_bound
from planner.model.bound.relaxation import Relaxation, relaxation_bound, solve_relaxation
from planner.scenario import load_scenario
from planner.scenario.types import Scenario
from tests.model.bound.test_relaxation import SPAS
from tests.model.brute_force import brute_force_best
from tests.reference.plain_model import solve_plain
from tests.reference.ward_optimum import ward_optimum

# Generous: a ceiling for tiny programmes, not a measurement.
SECONDS = 30.0


def system_of(scenario: Scenario) -> LinearSystem:
    builder = CandidateBuilder(scenario)
    specs = [s for c in scenario.courses for s in bookable_prefix(builder.course_specs(c))]
    return Relaxation(scenario, specs, builder.work).system()


def bounds_of(scenario: Scenario, seconds: float = SECONDS) -> dict[str, int | None]:
    """Every bound the relaxation module computes, each on its own, each within ``seconds``
    (a bound cut short by its time is still a bound)."""
    builder = CandidateBuilder(scenario)
    specs = [s for c in scenario.courses for s in bookable_prefix(builder.course_specs(c))]
    if not specs:
        return {}
    system = system_of(scenario)
    solved = solve_relaxation(system, SECONDS)
    assert solved is not None
    prices = solved[1]
    return {
        "split, relaxation's prices": lagrangian_bound(system, prices, seconds),
        "split, no prices": lagrangian_bound(system, None, seconds),
        "whole bookings": whole_bound(system, seconds),
        "all together": relaxation_bound(scenario, specs, builder.work, seconds),
    }


@pytest.mark.parametrize("name", sorted(SPAS))
def test_no_bound_is_below_the_brute_force_optimum(make_scenario, name):
    files, optimum = SPAS[name]
    scenario, _warnings = load_scenario(make_scenario(**files))
    assert brute_force_best(scenario)[0] == optimum
    for kind, bound in bounds_of(scenario).items():
        assert bound is not None, kind
        assert bound >= optimum, kind


@settings(
    max_examples=8,
    deadline=None,
    derandomize=True,  # the same spas on every run, so a failure can be reproduced
    suppress_health_check=[HealthCheck.too_slow],
)
@given(seed=st.integers(0, 2**31 - 1), hint=st.integers(6, 24))
def test_no_bound_is_below_the_exact_optimum_of_a_drawn_spa(seed: int, hint: int) -> None:
    scenario, _oddities = fuzz_scenario(seed, sessions_hint=hint)
    reference = solve_plain(scenario, time_limit=60, workers=2)
    if reference.status == "infeasible":
        return
    # The reference's plan is a valid plan: no bound may be below its value, proven or not.
    for kind, bound in bounds_of(scenario).items():
        if bound is not None:
            assert bound >= reference.scheduled_value, kind


@pytest.mark.parametrize(
    ("patients", "therapists", "days", "demand", "turnover", "seed"),
    [(10, 1, 2, 1.5, 0, 0), (24, 2, 3, 1.8, 5, 1), (30, 2, 5, 1.85, 0, 2)],
)
def test_on_a_ward_the_split_is_the_exact_optimum(
    patients, therapists, days, demand, turnover, seed
):
    ward = build_ward(
        patients=patients, therapists=therapists, days=days, demand=demand, turnover=turnover,
        seed=seed,
    )  # fmt: skip
    optimum = ward_optimum(ward)
    assert optimum is not None
    system = system_of(ward)
    # The days are alike: the best day on every day is the optimum, and no prices find it.
    assert lagrangian_bound(system, None, SECONDS, target=optimum[0]) == optimum[0]
    # The identical therapists make the whole bookings slow to prove: a few seconds each.
    for kind, bound in bounds_of(ward, seconds=3.0).items():
        assert bound is not None and bound >= optimum[0], kind


@pytest.mark.parametrize(
    ("patients", "therapists", "rooms", "days", "demand", "turnover", "seed"),
    [(20, 2, 1, 2, 1.5, 0, 0), (36, 3, 2, 3, 1.6, 5, 1), (40, 3, 2, 3, 1.8, 0, 2)],
)
def test_no_bound_is_below_the_optimum_of_a_ward_whose_rooms_bind(
    patients, therapists, rooms, days, demand, turnover, seed
):
    # Fewer rooms than therapists: the day problems share the rooms' minutes out fractionally,
    # which may book more than fits; never above the optimum's value, though.
    ward = build_ward(
        patients=patients, therapists=therapists, rooms=rooms, days=days, demand=demand,
        turnover=turnover, seed=seed,
    )  # fmt: skip
    optimum = ward_optimum(ward)
    assert optimum is not None
    for kind, bound in bounds_of(ward, seconds=3.0).items():
        assert bound is not None and bound >= optimum[0], kind


def test_a_bound_with_no_time_claims_nothing(make_scenario):
    files, _optimum = SPAS["gaps leave only first sessions"]
    scenario, _warnings = load_scenario(make_scenario(**files))
    system = system_of(scenario)
    assert lagrangian_bound(system, None, 0.0) is None


def two_sessions_on_two_days(most: int) -> LinearSystem:
    """Two sessions worth 3, one on each of two days, and one row linking the days: at most
    ``most`` of them."""
    return LinearSystem(
        matrix=csr_matrix(np.array([[1.0, 1.0]])),
        rhs=np.array([float(most)]),
        value=np.array([3.0, 3.0]),
        lower=np.zeros(2),
        upper=np.ones(2),
        days=np.array([0, 1]),
    )


def test_prices_below_zero_are_not_used():
    # Two sessions worth 3 on two days, one row "at most one of them" that links the days.
    # Priced at -5 the bound would be 6 - 5 + ... below the plan of one session (3) for some
    # choices; prices are clipped at 0, so every bound found is at least 3.
    system = two_sessions_on_two_days(most=1)
    bound = lagrangian_bound(system, np.array([-5.0]), SECONDS, target=3.0)
    assert bound is not None and 3 <= bound <= 6


def test_the_price_steps_end_when_the_bound_stops_falling(monkeypatch):
    # A link row that never binds (two sessions worth 3, "at most five of them"): no price
    # lowers the bound below 6, so the steps end after STALL_STEPS evaluations instead of
    # taking the whole time, which then goes to the search.
    system = two_sessions_on_two_days(most=5)
    evaluations = []
    evaluate = lagrangian.DaySplit.evaluate

    def counted(split, prices, deadline):
        evaluations.append(prices.copy())
        return evaluate(split, prices, deadline)

    monkeypatch.setattr(lagrangian.DaySplit, "evaluate", counted)
    assert lagrangian_bound(system, None, SECONDS) == 6
    assert len(evaluations) <= 1 + lagrangian.STALL_STEPS
