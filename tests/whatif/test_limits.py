"""How long a what-if or batch job may run before it is reported as timed out."""

from __future__ import annotations

from dataclasses import replace

from planner.scenario import load_scenario
from planner.whatif.limits import job_timeout, longest_limit, run_options


def test_a_job_may_take_twice_its_limit_plus_a_minute_four_times_when_deterministic() -> None:
    assert job_timeout(10) == 80
    assert job_timeout(10, deterministic=True) == 100


def test_the_timeout_follows_the_limit_given_else_the_scenarios() -> None:
    assert run_options(30, time_limit=5).timeout == 70
    assert run_options(30).timeout == 120
    assert run_options(30, deterministic=True).timeout == 180
    # The solve's own limit stays unset: each scenario keeps its time_limit_seconds.
    assert run_options(30).time_limit is None


def test_a_timeout_given_is_kept_with_every_other_option() -> None:
    options = run_options(30, time_limit=2, seed=7, jobs=3, workers=1, timeout=9,
                          scheduler="tcp://h:1", deterministic=True)  # fmt: skip
    assert (options.time_limit, options.seed, options.jobs, options.workers) == (2, 7, 3, 1)
    assert (options.timeout, options.scheduler, options.deterministic) == (9, "tcp://h:1", True)


def test_a_batch_waits_for_its_longest_scenario(make_scenario) -> None:
    scenario, _ = load_scenario(make_scenario())
    slow = replace(scenario, settings=replace(scenario.settings, time_limit_seconds=90.0))
    assert longest_limit([scenario, slow, scenario]) == 90
    assert longest_limit([]) == 30
