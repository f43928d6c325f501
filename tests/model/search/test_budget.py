"""The arithmetic of a solve's budget: what a phase may use and what it is charged.

In deterministic mode every figure here comes from work counted, never from the clock, so the
expected numbers are exact. The wall clock is only read where a test moves the budget's start
far into the past (a solve that began long ago), never by waiting.
"""

from __future__ import annotations

import threading
import time

import pytest

from planner.model import Budget
from planner.model.search import budget as budget_module
from planner.model.search.budget import CPSAT_RATE, WORK_RATE, cpsat_rate


def test_cpsat_rates_by_workers():
    assert cpsat_rate(1) == CPSAT_RATE[1]
    assert cpsat_rate(2) == CPSAT_RATE[2]
    # Beyond the measured counts, the rate grows with the workers from the 2-worker one.
    assert cpsat_rate(4) == pytest.approx(2 * CPSAT_RATE[2])
    assert cpsat_rate(8) == pytest.approx(4 * CPSAT_RATE[2])


def test_a_stage_is_cut_to_what_is_left():
    budget = Budget(limit=10.0, deterministic=True)
    assert budget.left() == 10.0
    assert budget.stage(4.0).seconds == 4.0
    assert budget.stage(25.0).seconds == 10.0
    assert budget.stage(-1.0).seconds == 0.0


def test_deterministic_work_is_charged_at_the_measured_rates():
    budget = Budget(limit=10.0, deterministic=True)
    stage = budget.stage(4.0)
    assert stage.work_limit() == 4 * WORK_RATE
    stage.finish_work(WORK_RATE)  # a second's worth of placements
    assert budget.used == pytest.approx(1.0)
    stage = budget.stage(3.0)
    _wall, deterministic = stage.cpsat_limits(workers=2)
    assert deterministic == pytest.approx(3.0 * CPSAT_RATE[2])
    stage.finish_cpsat(deterministic_time=CPSAT_RATE[2] * 2.0, workers=2)  # two seconds' worth
    assert budget.used == pytest.approx(3.0)
    assert budget.left() == pytest.approx(7.0)
    assert not budget.out()


def test_a_phase_is_never_charged_more_than_its_share():
    # CP-SAT overshoots its deterministic limit a little; the budget charges the share only,
    # so that the phases after it keep theirs.
    budget = Budget(limit=10.0, deterministic=True)
    stage = budget.stage(2.0)
    stage.finish_cpsat(deterministic_time=100.0, workers=1)
    assert budget.used == pytest.approx(2.0)
    budget.stage(8.0).finish_work(10**12)
    assert budget.left() == 0.0
    assert budget.out()


def test_building_a_model_is_charged_only_when_deterministic():
    deterministic = Budget(limit=10.0, deterministic=True)
    deterministic.stage(5.0).charge(0.5)
    assert deterministic.used == pytest.approx(0.5)
    by_clock = Budget(limit=10.0, deterministic=False)
    by_clock.stage(5.0).charge(0.5)
    assert by_clock.used == 0.0


def test_a_solve_by_the_clock_gives_cpsat_no_deterministic_limit():
    by_clock = Budget(limit=10.0, deterministic=False)
    _wall, deterministic = by_clock.stage(2.0).cpsat_limits(workers=1)
    assert deterministic is None


def test_a_stop_request_ends_the_budget():
    stop = threading.Event()
    budget = Budget(limit=10.0, deterministic=True, stop=stop)
    assert not budget.out()
    stop.set()
    assert budget.stopped() and budget.out()
    assert budget.stage(1.0).wall_out()


def test_the_wall_clock_is_a_safety_net_at_a_multiple_of_the_limit(monkeypatch):
    monkeypatch.setattr(budget_module, "SAFETY_FACTOR", 3.0)
    long_ago = time.perf_counter() - 1000.0
    # Deterministic: work left, but the clock passed 3 x the limit long ago.
    budget = Budget(limit=10.0, deterministic=True, started=long_ago)
    assert budget.left() == 10.0
    assert budget.wall_left() == 0.0
    assert budget.out()
    stage = budget.stage(5.0)
    stage.finish_work(WORK_RATE)  # one of its five seconds done when the clock ended it
    assert budget.clock_ended
    # A budget whose whole safety margin is still ahead has not been ended by the clock.
    fresh = Budget(limit=1000.0, deterministic=True)
    fresh.stage(5.0).finish_work(WORK_RATE)
    assert not fresh.clock_ended
    assert fresh.wall_left() > 1000.0
