"""Differential tests: ``solve`` against the independent checker and an independent exact model.

Every scenario is a fuzzed spa (:mod:`planner.generate.fuzz`) or a ward
(:mod:`planner.generate.ward`) small enough that the plain reference model
(``tests/reference/plain_model.py``, no code shared with ``planner/model/``) proves its optimum
in about a second. Per scenario:

- ``solve_checked``'s plan passes ``check_sessions`` (the suite sets ``PLANNER_FAIL_ON_REPAIR``,
  so a plan the final check would have to repair raises) and the plain model accepts the same
  plan too (a second checker that shares nothing with planner.check);
- solve's bound is never below the reference's optimum, its value never above it;
- when solve says ``optimal``, value and penalty equal the reference's proven optimum;
- the reference's own plan passes the checker and scores what the reference counted.

The limits are generous (60 s per solve, deterministic budgets inside) and nothing is asserted
on seconds, so a slow or loaded machine changes how long a test takes, never its verdict.

Fixed seeds (``sessions_hint=30``), chosen from seeds 0-149 so that together they apply every
oddity of the fuzz mode at least once and each proves in well under a second on two cores
(``DIFFERENTIAL_SEEDS``); a change to the fuzz mode redraws the spas, so the selection is
checked by ``test_the_fixed_seeds_apply_every_oddity``.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.generate.fuzz import ODDITY_NAMES, fuzz_scenario
from planner.generate.ward import build_ward
from planner.model import Result, SolveOptions, Status
from planner.scenario.types import Scenario
from planner.solving import solve_checked
from tests.reference.compare import all_defects
from tests.reference.plain_model import PlainResult, plan_is_feasible, solve_plain
from tests.reference.ward_optimum import ward_optimum

# 15, 42, 49, 50, 93, 107, 119, 132 and 138 cover every oddity between them; the others add spas
# where many sessions compete (21-26 of about 30 booked).
DIFFERENTIAL_SEEDS = (1, 15, 42, 47, 49, 50, 51, 68, 93, 107, 117, 119, 132, 138, 149)
HINT = 30
GENEROUS = SolveOptions(time_limit=60, workers=2)


def _compare(scenario: Scenario) -> tuple[Result, PlainResult]:
    result = solve_checked(scenario, GENEROUS)
    ref = solve_plain(scenario, time_limit=120, workers=2)
    defects = all_defects(scenario, result, ref)
    assert defects == [], "\n".join(map(str, defects))
    assert plan_is_feasible(scenario, result.plan.sessions) is True
    return result, ref


def test_the_fixed_seeds_apply_every_oddity() -> None:
    applied = {
        name for seed in DIFFERENTIAL_SEEDS for name in fuzz_scenario(seed, sessions_hint=HINT)[1]
    }
    assert applied == set(ODDITY_NAMES)


@pytest.mark.parametrize("seed", DIFFERENTIAL_SEEDS)
def test_solve_matches_the_exact_reference(seed: int) -> None:
    scenario, _oddities = fuzz_scenario(seed, sessions_hint=HINT)
    result, ref = _compare(scenario)
    # Tiny spas: both sides prove their optimum, so the comparison above was the strict one.
    assert ref.status == "optimal"
    assert result.status is Status.OPTIMAL
    assert (result.scheduled_value, result.penalty) == (ref.scheduled_value, ref.penalty)


@settings(
    max_examples=6,
    deadline=None,
    derandomize=True,  # the same spas on every run, so a failure can be reproduced
    suppress_health_check=[HealthCheck.too_slow],
)
@given(seed=st.integers(10_000, 2**31 - 1), hint=st.integers(6, 20))
def test_solve_matches_the_exact_reference_on_drawn_spas(seed: int, hint: int) -> None:
    scenario, _oddities = fuzz_scenario(seed, sessions_hint=hint)
    _compare(scenario)


@pytest.mark.parametrize("seed", [0, 1])
def test_solve_matches_the_exact_optimum_of_a_tiny_ward(seed: int) -> None:
    # 10 patients, one therapist, Monday and Tuesday: 20 sessions of 10-80 minutes asking for
    # 1.5 times the therapist's 960 minutes. Three answers must agree: solve, the plain model
    # and the ward's own exact optimum (one day's knapsack, repeated).
    ward = build_ward(patients=10, therapists=1, days=2, demand=1.5, seed=seed)
    result, ref = _compare(ward)
    assert ref.status == "optimal" and result.status is Status.OPTIMAL
    assert (ref.scheduled_value, ref.penalty) == ward_optimum(ward)


def test_solve_matches_the_exact_optimum_of_a_ward_whose_room_binds() -> None:
    # 20 patients, two therapists but one room, Monday and Tuesday: at most one session at a
    # time, so the best day is one knapsack of the room's day, not two. Solve (its plan
    # checked) and the ward's own exact optimum must agree. (The plain reference model does
    # not prove this ward in two minutes: its two therapists are interchangeable.)
    ward = build_ward(patients=20, therapists=2, rooms=1, days=2, demand=1.5, seed=0)
    result = solve_checked(ward, GENEROUS)
    assert result.status is Status.OPTIMAL
    optimum = ward_optimum(ward)
    assert (result.scheduled_value, result.penalty) == optimum
    two_rooms = ward_optimum(build_ward(patients=20, therapists=2, days=2, demand=1.5, seed=0))
    assert optimum is not None and two_rooms is not None and optimum[0] < two_rooms[0]


def test_solve_reaches_the_optimum_of_a_small_ward_with_turnover() -> None:
    # 12 patients, one therapist, three days, 5 minutes of turnover: 36 sessions. The exact
    # optimum comes from one day's knapsack (tests/reference/ward_optimum.py).
    ward = build_ward(patients=12, therapists=1, days=3, demand=1.8, turnover=5, seed=2)
    result = solve_checked(ward, GENEROUS)
    assert result.status is Status.OPTIMAL
    assert (result.scheduled_value, result.penalty) == ward_optimum(ward)
    assert result.bound is not None and result.bound >= result.scheduled_value
