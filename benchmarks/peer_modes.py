"""The peers of the peers benchmark, each run by :mod:`benchmarks.worker` in a process of its own.

- ``greedy``: the booking-system baseline, :func:`planner.model.first_plan.start.baseline_plan`.
- ``plain``: the plain, unpruned CP-SAT model of ``tests/reference`` (:mod:`benchmarks.peer_plain`).
- ``portfolio``: CP-SAT's free parallel portfolio on the project's own whole model, from the
  greedy plan: the scheduled value for :data:`VALUE_SHARE` of the limit, then the penalty.
- ``planner`` / ``planner-det``: :func:`planner.solving.solve_checked`, the default wall-clock
  mode and the reproducible one.
- ``optimum``: a ward's exact optimum (``tests/reference/ward_optimum.py``), not a peer.

Every function takes the loaded scenario and a :class:`PeerRun` and returns the JSON record the
report reads: status, the peer's own value, penalty and bound, the independent checker's verdict
and score of the plan (``check``), seconds and notes. Each clock starts after the scenario is
loaded and covers everything the peer does (candidates, the greedy hint, model building), as the
planner's own time limit does. A peer whose model would not fit records ``skipped`` instead.
"""

from __future__ import annotations

import math
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from ortools.sat.python import cp_model

from benchmarks.worker import peak_rss_mb, plan_check
from planner.model.first_plan.start import baseline_plan
from planner.model.prune.session_specs import CandidateBuilder, SessionSpec, bookable_prefix
from planner.plan import PlannedSession
from planner.plan.score import optimality_gap
from planner.scenario import Scenario

# The portfolio's share of its limit for the scheduled value; the rest goes to the penalty.
VALUE_SHARE = 0.7
# Fewest seconds a CP-SAT phase is given, even when building the model took the whole limit.
MIN_PHASE_SECONDS = 1.0
FOUND = (cp_model.OPTIMAL, cp_model.FEASIBLE)


@dataclass(frozen=True)
class PeerRun:
    """How one peer runs: time limit (seconds), CP-SAT workers, seed, largest model it builds.

    ``max_size`` is the size above which a peer that builds one CP-SAT model records itself as
    skipped: (session, therapist-day) choices for ``portfolio``, (session, shift row) choices
    for ``plain``; None for no limit.
    """

    limit: float
    workers: int = 2
    seed: int = 0
    max_size: int | None = None


class Clock:
    """Seconds since a peer started and what is left of its limit."""

    def __init__(self, limit: float) -> None:
        self.started = time.perf_counter()
        self.limit = limit

    def elapsed(self) -> float:
        return time.perf_counter() - self.started

    def left(self, share: float = 1.0) -> float:
        """``share`` of the seconds left, at least :data:`MIN_PHASE_SECONDS`."""
        return max(MIN_PHASE_SECONDS, share * (self.limit - self.elapsed()))


def record(
    peer: str,
    scenario: Scenario,
    run: PeerRun,
    *,
    status: str,
    sessions: Sequence[PlannedSession],
    value: int,
    penalty: int | None,
    bound: int | None,
    seconds: float,
    **extra: Any,
) -> dict[str, Any]:
    """The JSON record of one peer's run; ``check`` is the checker's verdict on ``sessions``.

    ``value`` and ``penalty`` are what the peer says its plan scores (None: it doesn't say);
    the report holds them against the checker's score.
    """
    return {
        "peer": peer,
        "limit": run.limit,
        "workers": run.workers,
        "seed": run.seed,
        "status": status,
        "scheduled_value": value,
        "penalty": penalty,
        "bound": bound,
        "gap": optimality_gap(value, bound),
        "solve_seconds": seconds,
        "sessions_total": scenario.sessions_total,
        "sessions_scheduled": len(sessions),
        "check": plan_check(scenario, sessions),
        "peak_rss_mb": peak_rss_mb(),
        **extra,
    }


def skipped(peer: str, run: PeerRun, reason: str, **extra: Any) -> dict[str, Any]:
    """The record of a peer that did not run, and why."""
    return {"peer": peer, "limit": run.limit, "seed": run.seed, "skipped": reason, **extra}


def candidate_specs(scenario: Scenario) -> tuple[CandidateBuilder, dict[str, list[SessionSpec]]]:
    """The candidate builder and every course's session specs, as the solver prunes them."""
    builder = CandidateBuilder(scenario)
    return builder, {c.id: builder.course_specs(c) for c in scenario.courses}


def greedy_peer(scenario: Scenario, run: PeerRun) -> dict[str, Any]:
    """The booking system: courses by priority, each session at its earliest valid slot."""
    clock = Clock(run.limit)
    _, specs = candidate_specs(scenario)
    plan = baseline_plan(scenario, specs)
    seconds = clock.elapsed()
    bookable = [s for course in specs.values() for s in bookable_prefix(course)]
    value = sum(scenario.course_by_id[s.course_id].priority for s in plan)
    return record(
        "greedy", scenario, run, status="feasible", sessions=plan, value=value, penalty=None,
        bound=None, seconds=seconds,
        # The bound any plan has: every bookable session scheduled.
        trivial_bound=sum(s.priority for s in bookable),
        bookable_sessions=len(bookable),
        choices=sum(len(s.candidates) for s in bookable),
    )  # fmt: skip


def _solver(seconds: float, run: PeerRun) -> cp_model.CpSolver:
    """CP-SAT's free portfolio: ``run.workers`` workers by the wall clock, as the first solver."""
    solver = cp_model.CpSolver()
    params = solver.parameters
    params.max_time_in_seconds = seconds
    params.num_workers = run.workers
    params.random_seed = run.seed
    params.cp_model_probing_level = 0
    params.keep_all_feasible_solutions_in_presolve = True
    return solver


def portfolio_peer(scenario: Scenario, run: PeerRun) -> dict[str, Any]:
    """CP-SAT's free portfolio on the project's whole model, hinted with the greedy plan."""
    from planner.model.cpsat.build import build_model
    from planner.model.cpsat.hint import add_plan_hint, extract_plan, to_sessions

    clock = Clock(run.limit)
    builder, specs = candidate_specs(scenario)
    model_specs = [s for course in specs.values() for s in bookable_prefix(course)]
    choices = sum(len(s.candidates) for s in model_specs)
    if run.max_size is not None and choices > run.max_size:
        reason = f"model too large: {choices:,} choices > {run.max_size:,}"
        return skipped("portfolio", run, reason, choices=choices)
    greedy = baseline_plan(scenario, specs)
    built = build_model(scenario, model_specs, builder.work)
    build_seconds = clock.elapsed()
    add_plan_hint(built, greedy)
    built.model.maximize(built.objective.value)
    first = _solver(clock.left(VALUE_SHARE), run)
    status = first.solve(built.model)
    if status == cp_model.INFEASIBLE:
        return record("portfolio", scenario, run, status="infeasible", sessions=[], value=0,
                      penalty=None, bound=None, seconds=clock.elapsed())  # fmt: skip
    plan, bound, proven = greedy, None, False
    if status in FOUND:
        plan = to_sessions(scenario, extract_plan(built, first))
        bound = math.floor(first.best_objective_bound + 1e-6)
        proven = status == cp_model.OPTIMAL
    value = sum(scenario.course_by_id[s.course_id].priority for s in plan)
    # Phase 2: keep the value, minimise the penalty, from phase 1's plan.
    add_plan_hint(built, plan)
    built.model.add(built.objective.value >= value)
    built.model.minimize(built.objective.penalty())
    second = _solver(clock.left(), run)
    status = second.solve(built.model)
    model_penalty: int | None = None
    if status in FOUND:
        plan = to_sessions(scenario, extract_plan(built, second))
        value = round(second.value(built.objective.value))
        # The model's own count: above the contract's where a continuity or preferred-time
        # literal was left at its costly value though the plan doesn't need it; kept apart.
        model_penalty = round(second.objective_value)
    optimal = proven and status == cp_model.OPTIMAL
    return record(
        "portfolio", scenario, run, status="optimal" if optimal else "feasible", sessions=plan,
        value=value, penalty=None, bound=bound, seconds=clock.elapsed(), choices=choices,
        model_penalty=model_penalty,
        build_seconds=build_seconds, value_proven=proven, hinted=True,
        variables=len(built.model.proto.variables),
    )  # fmt: skip


def planner_peer(scenario: Scenario, run: PeerRun, deterministic: bool) -> dict[str, Any]:
    """``solve_checked`` with the run's limit, workers and seed (wall clock or reproducible)."""
    from planner.model import Progress, SolveOptions
    from planner.solving import FAIL_ON_REPAIR, solve_checked

    # A repaired plan is counted here, not turned into an error.
    os.environ.pop(FAIL_ON_REPAIR, None)
    firsts: list[float] = []

    def progress(report: Progress) -> None:
        if not firsts:
            firsts.append(report.elapsed)

    options = SolveOptions(time_limit=run.limit, workers=run.workers, seed=run.seed,
                           deterministic=deterministic, progress=progress)  # fmt: skip
    clock = Clock(run.limit)
    result = solve_checked(scenario, options)
    return record(
        "planner-det" if deterministic else "planner", scenario, run,
        status=result.status.value, sessions=result.plan.sessions,
        value=result.scheduled_value, penalty=result.penalty, bound=result.bound,
        seconds=clock.elapsed(), solver_seconds=result.solve_seconds,
        repaired=len(result.repaired), reproducible=result.reproducible,
        value_proven_seconds=result.value_proven_seconds,
        first_plan_seconds=firsts[0] if firsts else None,
    )  # fmt: skip


def ward_optimum_mode(scenario: Scenario, run: PeerRun) -> dict[str, Any]:
    """A ward's exact lexicographic optimum (value, penalty), or why there is none."""
    from tests.reference.ward_optimum import ward_optimum

    clock = Clock(run.limit)
    try:
        optimum = ward_optimum(scenario, time_limit=run.limit)
    except ValueError as error:
        return {"peer": "optimum", "skipped": str(error)}
    if optimum is None:
        return {"peer": "optimum", "skipped": f"not proven in {run.limit:g} s"}
    return {"peer": "optimum", "scheduled_value": optimum[0], "penalty": optimum[1],
            "solve_seconds": clock.elapsed(), "peak_rss_mb": peak_rss_mb()}  # fmt: skip


def _plain(scenario: Scenario, run: PeerRun) -> dict[str, Any]:
    from benchmarks.peer_plain import plain_peer

    return plain_peer(scenario, run)


# Every mode the worker runs for the peers benchmark, by name.
MODES: dict[str, Callable[[Scenario, PeerRun], dict[str, Any]]] = {
    "greedy": greedy_peer,
    "plain": _plain,
    "portfolio": portfolio_peer,
    "planner": lambda scenario, run: planner_peer(scenario, run, deterministic=False),
    "planner-det": lambda scenario, run: planner_peer(scenario, run, deterministic=True),
    "optimum": ward_optimum_mode,
}
