"""Running one CP-SAT solve inside a phase's time: parameters, stop requests, progress.

Every CP-SAT solve of the project goes through :func:`run_cpsat`, so that all of them read the
same limits (:class:`~planner.model.search.budget.Stage`), stop on the same request and report
progress the same way. (The pin conflicts of :mod:`planner.model.explain.pin_conflicts` run their
own solver: they ask after a solve, with no budget, for a core of clashing assumptions.)
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

from ortools.sat.python import cp_model

from planner.model.search.budget import Stage
from planner.model.search.solve_options import Progress


@dataclass(frozen=True)
class CpsatRun:
    """What a solve found: its status, objective and bound (None without a solution)."""

    solver: cp_model.CpSolver
    status: cp_model.CpSolverStatus

    @property
    def found(self) -> bool:
        return self.status in (cp_model.OPTIMAL, cp_model.FEASIBLE)

    @property
    def proven(self) -> bool:
        return self.status == cp_model.OPTIMAL

    @property
    def infeasible(self) -> bool:
        return self.status == cp_model.INFEASIBLE

    @property
    def bound(self) -> float:
        return float(self.solver.best_objective_bound)


class _Reporter(cp_model.CpSolverSolutionCallback):
    """Keeps the best objective found and sends a :class:`Progress` for every better solution
    (value phases only)."""

    def __init__(self, stage: Stage, report: Callable[[float, float], None] | None) -> None:
        super().__init__()
        self.stage, self.report = stage, report
        self.best: float | None = None

    def on_solution_callback(self) -> None:
        self.best = self.objective_value
        if self.report is not None:
            self.report(self.objective_value, self.best_objective_bound)


def _reached(callback: _Reporter | None, stop_at: Callable[[], float | None] | None) -> bool:
    if callback is None or stop_at is None or callback.best is None:
        return False
    target = stop_at()
    return target is not None and callback.best >= target - 1e-6


def value_progress(
    stage: Stage,
    progress: Callable[[Progress], None] | None,
    scale: int = 1,
    known_bound: int | None = None,
) -> Callable[[float, float], None] | None:
    """A reporter for a phase that maximises the scheduled value (times ``scale``);
    ``known_bound`` is a bound proven before the phase, reported while CP-SAT's own is weaker
    (its first bounds are often far above)."""
    if progress is None:
        return None
    budget = stage.budget

    def report(objective: float, bound: float) -> None:
        found = int(bound + 1e-6) // scale
        progress(
            Progress(
                elapsed=budget.elapsed(),
                time_limit=budget.limit,
                scheduled_value=round(objective) // scale,
                penalty=None,
                bound=found if known_bound is None else min(found, known_bound),
            )
        )

    return report


def run_cpsat(
    model: cp_model.CpModel,
    stage: Stage,
    *,
    workers: int,
    seed: int,
    log: bool = False,
    report: Callable[[float, float], None] | None = None,
    stop_at: Callable[[], float | None] | None = None,
) -> CpsatRun:
    """Solve ``model`` within ``stage``; a stop request of the solve ends it early, and so
    does a solution whose objective reaches ``stop_at()`` (a maximum proven elsewhere, which
    CP-SAT's own bound may take much longer to reach; None while unknown)."""
    solver = cp_model.CpSolver()
    params = solver.parameters
    wall, deterministic = stage.cpsat_limits(workers)
    params.max_time_in_seconds = wall
    if deterministic is not None:
        params.max_deterministic_time = deterministic
        # Workers that exchange solutions as they come are not reproducible; interleaved
        # search runs the same portfolio in deterministic batches (small ones keep the
        # deterministic limit to a few percent).
        params.interleave_search = workers > 1
        params.interleave_batch_size = workers
    params.num_workers = workers
    params.random_seed = seed
    params.log_search_progress = log
    params.catch_sigint_signal = False
    # Default probing stalled presolve on weeks of ~400 sessions for seconds at a time; the
    # model is pruned already, so probing has little left to find.
    params.cp_model_probing_level = 0
    # Presolve may otherwise drop a complete, feasible hint as infeasible.
    params.keep_all_feasible_solutions_in_presolve = True
    callback = _Reporter(stage, report) if report is not None or stop_at is not None else None
    outcome: dict[str, cp_model.CpSolverStatus] = {}

    def target() -> None:
        outcome["status"] = solver.solve(model, callback)

    stop = stage.budget.stop
    if stop is None and stop_at is None:
        target()
    else:
        worker = threading.Thread(target=target, daemon=True)
        worker.start()
        while worker.is_alive():
            worker.join(0.1)
            if (stop is not None and stop.is_set()) or _reached(callback, stop_at):
                solver.stop_search()
        worker.join()
    stage.finish_cpsat(solver.response_proto.deterministic_time, workers)
    return CpsatRun(solver, outcome["status"])
