"""How long a what-if or batch job may run: its solve's time limit, and the timeout after which
the job is reported as timed out and its solver stopped.

A solve keeps its time limit, but a job also starts a process, loads the scenario and writes
its files, and a stuck solver must not hold a core for ever: the timeout is twice the limit plus
a minute of start-up slack, four times in deterministic mode (whose searches are bounded by
work, with the clock stepping in only after three times the limit).
"""

from __future__ import annotations

from collections.abc import Iterable

from planner.scenario.types import Scenario, Settings
from planner.whatif.pipeline import RunOptions

# Seconds a job may need beyond its solve's multiple of the limit (a process, loading, writing).
START_UP_SLACK = 60.0


def job_timeout(time_limit: float, deterministic: bool = False) -> float:
    """Seconds a job whose solve has ``time_limit`` may run before it counts as timed out.

    Parameters
    ----------
    time_limit
        The solve's time limit in seconds.
    deterministic
        Whether the solve bounds its search by work (``--deterministic``).

    Returns
    -------
    float
        ``2 x time_limit + 60`` (``4 x`` in deterministic mode).
    """
    return (4 if deterministic else 2) * time_limit + START_UP_SLACK


def longest_limit(scenarios: Iterable[Scenario]) -> float:
    """The longest ``time_limit_seconds`` of ``scenarios`` (the settings' default if none)."""
    return max((s.settings.time_limit_seconds for s in scenarios),
               default=Settings.time_limit_seconds)  # fmt: skip


def run_options(
    default_limit: float,
    *,
    time_limit: float | None = None,
    seed: int = 0,
    jobs: int | None = None,
    workers: int | None = None,
    timeout: float | None = None,
    scheduler: str | None = None,
    deterministic: bool = False,
) -> RunOptions:
    """Run options whose timeout, unless given, follows :func:`job_timeout`.

    Parameters
    ----------
    default_limit
        The time limit of a solve when ``time_limit`` is None (the scenario's own).
    time_limit, seed, jobs, workers, timeout, scheduler, deterministic
        As in :class:`~planner.whatif.pipeline.RunOptions`; None takes the default.

    Returns
    -------
    RunOptions
        The options, with a timeout.
    """
    limit = time_limit or default_limit
    timeout = timeout or job_timeout(limit, deterministic)
    return RunOptions(time_limit, seed, jobs, workers, timeout, scheduler, deterministic)


__all__ = ["START_UP_SLACK", "job_timeout", "longest_limit", "run_options"]
