"""Solve a scenario: prune, book a greedy first plan, then optimise the score lexicographically.

Phase 1 maximises the scheduled value from the greedy plan as a complete hint; phase 2 keeps that
value as a floor and minimises the penalty. Scenarios too large for one model go to the
decomposition in :mod:`planner.model.lns`, which improves the greedy plan part by part with the same
model builder, every other session held fixed, so no rule is broken across a cut.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from functools import cached_property

from ortools.sat.python import cp_model

from planner.explain import explain_unscheduled
from planner.model.build import BuiltModel, bookable_prefix, build_model
from planner.model.candidates import CandidateBuilder, SessionKey, SessionSpec
from planner.model.greedy import greedy_plan
from planner.model.hint import add_plan_hint, extract_plan
from planner.model.objective import plan_penalty_counts
from planner.model.result import Progress, Result, SolveOptions, Status
from planner.plan import Plan, PlannedSession
from planner.scenario.medical import caution_on
from planner.scenario.timeaxis import day_index
from planner.scenario.types import Scenario

# CP-SAT's deterministic time per second of the time limit, measured on the 2-core reference
# machine. Every search is bounded by deterministic time, so the same seed and workers give the
# same plan, with the wall clock as a safety net (a slower or busy machine is cut by the clock).
# The whole model searches interleaved (reproducible with several workers); parts of the
# decomposition each run on one worker, plus a charge per part for building it.
WHOLE_RATE = {1: 0.3, 2: 0.5}
PARTS_RATE = 0.2
PHASE1_SHARE = 0.4


def whole_rate(workers: int) -> float:
    return WHOLE_RATE.get(workers, WHOLE_RATE[2] * workers / 2)


# Above this many (session, therapist-day) choices one model no longer pays off on a 2-core
# laptop (SOLVER_NOTES: 0.5 M variables never improved on greedy); decompose instead.
MONOLITHIC_LIMIT = 60_000


@dataclass
class Context:
    """Everything a solve shares between its phases."""

    scenario: Scenario
    options: SolveOptions
    started: float
    time_limit: float
    specs: dict[str, list[SessionSpec]]
    builder: CandidateBuilder

    det_used: float = 0.0
    det_budget: float = float("inf")
    value_proven_at: float | None = None
    # True once the wall clock (not the deterministic budget or a proof) ended a search: the
    # plan may then differ from another run with the same seed and workers.
    clock_ended: bool = False

    def budget_whole(self) -> None:
        """Deterministic budget of a whole-model solve."""
        self.det_used = 0.0
        if self.options.deterministic:
            self.det_budget = self.time_limit * whole_rate(max(1, self.options.workers))

    def budget_parts(self) -> None:
        """Hand the share of the time left over to the decomposition."""
        share = 1.0
        if self.det_budget != float("inf") and self.det_budget > 0:
            share = max(0.0, 1.0 - self.det_used / self.det_budget)
        self.det_used = 0.0
        if self.options.deterministic:
            self.det_budget = share * self.time_limit * PARTS_RATE

    def remaining(self) -> float:
        """Wall-clock seconds left (the safety net)."""
        return max(0.0, self.time_limit - (time.perf_counter() - self.started))

    def det_remaining(self) -> float:
        """Deterministic time left (the budget that decides when a search ends)."""
        return max(0.0, self.det_budget - self.det_used)

    def out_of_time(self) -> bool:
        return self.det_remaining() <= 0.0 or self.remaining() <= 0.0 or self.stopped()

    def stopped(self) -> bool:
        return self.options.stop is not None and self.options.stop.is_set()

    @cached_property
    def model_specs(self) -> list[SessionSpec]:
        """Each course's bookable prefix of sessions: what a model decides (computed once)."""
        return [s for course in self.specs.values() for s in bookable_prefix(course)]


def to_sessions(
    scenario: Scenario, rows: list[tuple[SessionKey, str, str, int]]
) -> list[PlannedSession]:
    """Solver rows (key, therapist, room, start) as planned sessions."""
    out = []
    for (course_id, index), therapist_id, room_id, start in rows:
        course = scenario.course_by_id[course_id]
        out.append(
            PlannedSession(
                course_id=course_id,
                session=index,
                client_id=course.client_id,
                treatment_id=course.treatment_id,
                therapist_id=therapist_id,
                room_id=room_id,
                start=start,
                end=start + scenario.session_length(course, index),
                caution=caution_on(scenario, course, day_index(start)),
            )
        )
    return out


class _Callback(cp_model.CpSolverSolutionCallback):
    def __init__(self, ctx: Context, phase: str, value_floor: int | None) -> None:
        super().__init__()
        self.ctx, self.phase, self.value_floor = ctx, phase, value_floor

    def on_solution_callback(self) -> None:
        ctx = self.ctx
        if ctx.options.progress is None or self.phase not in ("value", "penalty"):
            return
        objective = round(self.objective_value)
        bound = round(self.best_objective_bound)
        value = objective if self.phase == "value" else (self.value_floor or 0)
        ctx.options.progress(
            Progress(
                elapsed=time.perf_counter() - ctx.started,
                time_limit=ctx.time_limit,
                phase=self.phase,
                scheduled_value=value,
                penalty=None if self.phase == "value" else objective,
                bound=bound if self.phase == "value" else None,
            )
        )


def run_solver(
    ctx: Context, model: cp_model.CpModel, det_time: float, phase: str, floor: int | None = None
) -> tuple[cp_model.CpSolver, cp_model.CpSolverStatus]:
    """Solve ``model`` for at most ``det_time`` deterministic time (and the wall time left).

    Honours ``options.stop`` from another thread; adds the time spent to ``ctx.det_used``.
    """
    solver = cp_model.CpSolver()
    params = solver.parameters
    if det_time != float("inf"):
        params.max_deterministic_time = max(0.01, det_time)
    params.max_time_in_seconds = max(0.05, ctx.remaining())
    parts_alone = phase == "parts" and ctx.options.deterministic
    params.num_workers = 1 if parts_alone else max(1, ctx.options.workers)
    params.random_seed = ctx.options.seed
    params.log_search_progress = ctx.options.log
    params.catch_sigint_signal = False
    # Parallel workers that exchange solutions as they come are not reproducible; interleaved
    # search runs the same portfolio in deterministic batches.
    params.interleave_search = ctx.options.deterministic and params.num_workers > 1
    # Interleaved search checks its deterministic limit between batches; the default batches
    # overshoot it up to twofold on a medium spa, small ones keep it to a few percent.
    params.interleave_batch_size = params.num_workers
    # Probing stalled presolve on ~400 sessions (SOLVER_NOTES); the model is already pruned.
    params.cp_model_probing_level = 0
    # Keep the greedy/previous plan usable as a hint through presolve.
    params.keep_all_feasible_solutions_in_presolve = True
    callback = _Callback(ctx, phase, floor)
    outcome: dict[str, cp_model.CpSolverStatus] = {}

    def target() -> None:
        outcome["status"] = solver.solve(model, callback)

    if ctx.options.stop is None:
        target()
    else:
        worker = threading.Thread(target=target, daemon=True)
        worker.start()
        while worker.is_alive():
            worker.join(0.1)
            if ctx.stopped():
                solver.stop_search()
        worker.join()
    ctx.det_used += solver.response_proto.deterministic_time
    status = outcome["status"]
    if status not in (cp_model.OPTIMAL, cp_model.INFEASIBLE) and ctx.remaining() <= 0.05:
        ctx.clock_ended = True
    return solver, status


def _result(
    ctx: Context, status: Status, sessions: list[PlannedSession], bound: int | None
) -> Result:
    """The result for ``sessions``, scored from the plan itself.

    The penalty is counted on the plan, not read from the model: in a search stopped by the
    clock, a "course uses therapist" literal may still be set where no session uses him.
    """
    scenario = ctx.scenario
    reference = list(ctx.options.reference.sessions) if ctx.options.reference else None
    counts = plan_penalty_counts(scenario, sessions, reference)
    weights = scenario.settings.weights
    weighted = {
        name: count * getattr(weights, name)
        for name, count in counts.items()
        if name != "stability"
    }
    unscheduled = explain_unscheduled(scenario, ctx.specs, sessions, ctx.builder.work)
    return Result(
        status=status,
        plan=Plan(tuple(sessions), tuple(unscheduled)).sorted(),
        scheduled_value=sum(scenario.course_by_id[s.course_id].priority for s in sessions),
        penalty=sum(weighted.values()),
        bound=bound,
        solve_seconds=time.perf_counter() - ctx.started,
        sessions_total=sum(c.sessions for c in scenario.courses),
        penalty_parts=weighted,
        moved=counts.get("stability", 0) if reference is not None else None,
        interrupted=ctx.stopped(),
        value_proven_seconds=ctx.value_proven_at,
        reproducible=ctx.options.deterministic and not ctx.clock_ended and not ctx.stopped(),
    )


def _pins_reachable(ctx: Context) -> bool:
    """Every pinned session lies in its course's bookable prefix (else no plan exists)."""
    in_model = {s.key for s in ctx.model_specs}
    return all((p.course_id, p.session) in in_model for p in ctx.scenario.pins)


def _complete(ctx: Context, plan: list[PlannedSession]) -> bool:
    """True if ``plan`` holds every pin and each course's sessions form a prefix."""
    keys = {(s.course_id, s.session) for s in plan}
    pins_in = all((p.course_id, p.session) in keys for p in ctx.scenario.pins)
    return pins_in and all(k == 1 or (c, k - 1) in keys for c, k in keys)


def solve(scenario: Scenario, options: SolveOptions | None = None) -> Result:
    """Plan ``scenario``: the most valuable set of sessions, then the lowest penalty.

    Parameters
    ----------
    scenario
        A validated scenario.
    options
        Time limit, workers, seed, reference plan, progress callback, stop event.

    Returns
    -------
    Result
        ``status`` is ``optimal`` when both phases were proven, ``feasible`` with a valid plan
        otherwise, ``infeasible`` when the pinned sessions admit no plan.
    """
    options = options or SolveOptions()
    started = time.perf_counter()
    builder = CandidateBuilder(scenario)
    ctx = Context(
        scenario=scenario,
        options=options,
        started=started,
        time_limit=options.time_limit or scenario.settings.time_limit_seconds,
        specs={c.id: builder.course_specs(c) for c in scenario.courses},
        builder=builder,
    )
    if not _pins_reachable(ctx):
        return _result(ctx, Status.INFEASIBLE, [], None)
    greedy = greedy_plan(scenario, ctx.specs, smart=True)
    hint = greedy if _complete(ctx, greedy) else None
    size = sum(len(s.options) for s in ctx.model_specs)
    if size > MONOLITHIC_LIMIT and hint is not None:
        from planner.model.lns import solve_by_parts

        ctx.budget_parts()
        return solve_by_parts(ctx, hint)
    ctx.budget_whole()
    return _solve_whole(ctx, hint)


def _solve_whole(ctx: Context, hint: list[PlannedSession] | None) -> Result:
    scenario = ctx.scenario
    reference = list(ctx.options.reference.sessions) if ctx.options.reference else None
    built = build_model(scenario, ctx.model_specs, ctx.builder.work, reference)
    model = built.model
    if hint is not None:
        add_plan_hint(built, hint)
    model.maximize(built.objective.value)
    solver, status = run_solver(ctx, model, ctx.det_remaining() * PHASE1_SHARE, "value")
    if status == cp_model.INFEASIBLE:
        return _result(ctx, Status.INFEASIBLE, [], None)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        if hint is None:
            return _result(ctx, Status.UNKNOWN, [], None)
        return _solve_penalty_from(ctx, built, hint, None, proven_value=False)
    value_proven = status == cp_model.OPTIMAL
    if value_proven:
        ctx.value_proven_at = time.perf_counter() - ctx.started
    bound = round(solver.best_objective_bound)
    best = to_sessions(scenario, extract_plan(built, solver))
    if not value_proven and not ctx.out_of_time():
        # The whole model stalls well before its bound on busy weeks, while re-planning small
        # parts with everything else fixed keeps finding better plans (BENCHMARKS.md): spend
        # the rest of the time there, keeping the whole model's proven bound.
        from planner.model.lns import solve_by_parts

        ctx.budget_parts()
        return solve_by_parts(ctx, best, bound)
    return _solve_penalty_from(ctx, built, best, bound, proven_value=value_proven)


def _solve_penalty_from(
    ctx: Context,
    built: BuiltModel,
    plan: list[PlannedSession],
    bound: int | None,
    proven_value: bool,
) -> Result:
    """Phase 2: keep the scheduled value of ``plan`` and minimise the penalty."""
    model = built.model
    add_plan_hint(built, plan)
    floor = sum(ctx.scenario.course_by_id[s.course_id].priority for s in plan)
    model.add(built.objective.value >= floor)
    model.minimize(built.objective.penalty())
    solver, status = run_solver(ctx, model, ctx.det_remaining(), "penalty", floor)
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        sessions = to_sessions(ctx.scenario, extract_plan(built, solver))
        proven = proven_value and status == cp_model.OPTIMAL and not ctx.stopped()
        return _result(ctx, Status.OPTIMAL if proven else Status.FEASIBLE, sessions, bound)
    # No time left to even re-find the phase-1 plan: report that plan as it is.
    return _result(ctx, Status.FEASIBLE, plan, bound)
