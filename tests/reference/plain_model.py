"""An independent exact reference: a plain, unpruned CP-SAT model of the whole contract.

Written from the input contract's text alone, sharing no code with ``planner/model/`` (nor
with the helpers the model leans on: ``planner.scenario.medical``, ``Settings.opening``,
``Scenario.gap_minutes``, ``Scenario.session_length``). Nothing is pruned beforehand; every hard
rule 1-12 is a constraint (:mod:`tests.reference.plain_rules`):

- one start per session, ``start = 1440 * day + slot * q``: on its own day's grid (rule 5),
  never across midnight;
- rule 3 a disjunction over the therapist's shift rows, each cut to its date's opening hours;
  rule 4 a disjunction over the client's availability rows; a room closure a disjunction
  "ends before it or starts after it";
- rules 6 and 7 NoOverlap per therapist and per room over the whole horizon (length +
  turnover) and per client, and per-date counts;
- rule 8 an ordered prefix with min/max gaps (also from ``last_session_end``), gap hours turned
  into minutes exactly from their decimal text; rule 9 read from the contraindication rows;
  rule 10 with booked minutes per calendar week (Monday to Sunday) of the horizon's own days;
  rules 11 and 12 as written.

Phase 1 maximises the scheduled value; phase 2 fixes the proven value and minimises the
contract's penalty. It proves small spas (~40 sessions) in seconds; beyond ~100 sessions it
stalls like any model without capacity reasoning (its bound stays near the sum of priorities on
busy weeks), which is why it stays a reference and a benchmark peer, not a planner.
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from dataclasses import dataclass

from ortools.sat.python import cp_model

from planner.check import score
from planner.plan import PlannedSession
from planner.scenario.types import Scenario
from tests.reference.plain_rules import (
    DAY,
    PlainSession,
    course_rules,
    new_session,
    pin_rules,
    rooms_and_availability,
    shared_rules,
    shift_rows,
)

Key = tuple[str, int]


@dataclass(frozen=True)
class PlainResult:
    """What the reference found.

    ``status`` is ``optimal`` only when both phases were proven: ``scheduled_value`` and
    ``penalty`` are then the contract's lexicographic optimum. ``bound`` is the proven upper
    bound on the scheduled value (None when phase 1 found no plan). ``scheduled_value`` and
    ``penalty`` are the checker's score of the plan returned; ``model_penalty`` is the model's own
    count of it (None without a phase-2 solution), so a test can hold the two against each other.
    """

    status: str
    sessions: tuple[PlannedSession, ...]
    scheduled_value: int
    penalty: int
    bound: int | None
    value_proven: bool
    seconds: float
    model_penalty: int | None = None


@dataclass
class _Built:
    model: cp_model.CpModel
    sessions: dict[Key, PlainSession]
    value: cp_model.LinearExprT
    penalty: cp_model.LinearExprT


def _penalty(
    m: cp_model.CpModel, scenario: Scenario, by_course: list[list[PlainSession]]
) -> cp_model.LinearExprT:
    """The contract's penalty: continuity, preferred therapist, preferred time (weighted)."""
    weights = scenario.settings.weights
    staff = {t.id for t in scenario.therapists}
    terms: list[cp_model.LinearExprT] = []
    for own in by_course:
        course = own[0].course
        used = []
        for therapist_id in sorted({t for s in own for t in s.uses}):
            any_session = m.new_bool_var("")
            m.add_max_equality(any_session, [s.uses[therapist_id] for s in own])
            used.append(any_session)
        if used:
            terms.append(weights.continuity * (sum(used) - own[0].present))
        wanted = course.preferred_therapist
        if wanted is not None and wanted in staff:
            for s in own:
                given = s.uses.get(wanted)
                terms.append(
                    weights.preferred_therapist * (s.present - (given if given is not None else 0))
                )
    for client in scenario.clients:
        preferred = [a for a in scenario.availability if a.client_id == client.id and a.preferred]
        if not preferred:
            continue
        for s in (s for own in by_course for s in own if s.course.client_id == client.id):
            inside = []
            for row in preferred:
                z = m.new_bool_var("")
                m.add_implication(z, s.present)
                m.add(s.start >= row.start).only_enforce_if(z)
                m.add(s.start + s.length <= row.end).only_enforce_if(z)
                inside.append(z)
            met = m.new_bool_var("")
            m.add_max_equality(met, inside)
            terms.append(weights.preferred_time * (s.present - met))
    return sum(terms)


def build_plain_model(scenario: Scenario) -> _Built:
    """The whole plain model with its value and penalty expressions (no objective set)."""
    m = cp_model.CpModel()
    by_course: list[list[PlainSession]] = []
    for course in scenario.courses:
        own = [new_session(m, scenario, course, k) for k in range(1, course.sessions + 1)]
        for s in own:
            shift_rows(m, scenario, s)
            rooms_and_availability(m, scenario, s)
        course_rules(m, scenario, own)
        by_course.append(own)
    flat = [s for own in by_course for s in own]
    shared_rules(m, scenario, flat)
    by_key = {(s.course.id, s.index): s for s in flat}
    pin_rules(m, scenario, by_key)
    value = sum(s.course.priority * s.present for s in flat)
    return _Built(m, by_key, value, _penalty(m, scenario, by_course))


def _hint_plan(built: _Built, scenario: Scenario, plan: Sequence[PlannedSession]) -> None:
    """Hint a plan: presence, start, day, therapist row and room of every session."""
    booked = {(p.course_id, p.session): p for p in plan}
    slot = scenario.settings.slot_minutes
    for key, s in built.sessions.items():
        p = booked.get(key)
        m = built.model
        m.add_hint(s.present, p is not None)
        if p is None:
            continue
        m.add_hint(s.start, p.start)
        m.add_hint(s.day, p.start // DAY)
        m.add_hint(s.slot, p.start % DAY // slot)
        chosen = next(
            (
                c
                for c in s.rows
                if c.therapist_id == p.therapist_id and c.lo <= p.start and p.end <= c.hi
            ),
            None,
        )
        for c in s.rows:
            m.add_hint(c.lit, c is chosen)
        for therapist_id, lit in s.uses.items():
            m.add_hint(lit, therapist_id == p.therapist_id)
        for room_id, lit in s.rooms.items():
            m.add_hint(lit, room_id == p.room_id)
        for lit, closure_start in s.before:
            m.add_hint(lit, p.end <= closure_start)
        row = next(((z, lo) for z, lo, hi in s.inside if lo <= p.start and p.end <= hi), None)
        for z, _lo, _hi in s.inside:
            m.add_hint(z, row is not None and z is row[0])


def _complete_hint(built: _Built, time_limit: float) -> None:
    """Fill in the variables the plan doesn't name (penalty counts, row choices) by solving the
    model with every hinted variable fixed, so CP-SAT starts from a complete solution."""
    probe = built.model.clone()
    hint = probe.proto.solution_hint
    for index, value in zip(hint.vars, hint.values, strict=True):
        probe.add(probe.get_int_var_from_proto_index(index) == value)
    probe.clear_objective()
    solver = _solver(time_limit, 1, 0, False)
    if solver.solve(probe) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return  # the plan breaks a rule of the plain model: leave CP-SAT the partial hint
    _keep_solution_as_hint(built, solver)


def _solver(time_limit: float, workers: int, seed: int, log: bool) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = seed
    solver.parameters.log_search_progress = log
    # Without it presolve may discard a complete, feasible hint.
    solver.parameters.keep_all_feasible_solutions_in_presolve = True
    return solver


def _plan(scenario: Scenario, built: _Built, solver: cp_model.CpSolver) -> list[PlannedSession]:
    out = []
    for (course_id, index), s in built.sessions.items():
        if not solver.boolean_value(s.present):
            continue
        therapist = next(t for t, lit in s.uses.items() if solver.boolean_value(lit))
        room = next(r for r, lit in s.rooms.items() if solver.boolean_value(lit))
        start = solver.value(s.start)
        out.append(
            PlannedSession(course_id, index, s.course.client_id, s.course.treatment_id,
                           therapist, room, start, start + s.length)
        )  # fmt: skip
    return out


def _keep_solution_as_hint(built: _Built, solver: cp_model.CpSolver) -> None:
    m = built.model
    m.clear_hints()
    for index in range(len(m.proto.variables)):
        var = m.get_int_var_from_proto_index(index)
        m.add_hint(var, solver.value(var))


def solve_plain(
    scenario: Scenario,
    *,
    time_limit: float = 60.0,
    workers: int = 2,
    seed: int = 0,
    hint: Sequence[PlannedSession] | None = None,
    log: bool = False,
) -> PlainResult:
    """Solve ``scenario`` with the plain reference model, lexicographically.

    Parameters
    ----------
    scenario
        A validated scenario.
    time_limit
        Wall-clock seconds for each of the two phases.
    workers, seed
        CP-SAT search workers and random seed.
    hint
        A valid plan to start from (e.g. the planner's), as a benchmark peer would get.
    log
        Print CP-SAT's search log.

    Returns
    -------
    PlainResult
        ``optimal`` when value and penalty were both proven, ``feasible``, ``infeasible`` (no
        plan keeps the pins) or ``unknown`` (no plan found in time).
    """
    started = time.perf_counter()
    built = build_plain_model(scenario)
    if hint is not None:
        _hint_plan(built, scenario, hint)
        _complete_hint(built, time_limit)
    built.model.maximize(built.value)
    first = _solver(time_limit, workers, seed, log)
    status = first.solve(built.model)
    if status == cp_model.INFEASIBLE:
        return PlainResult("infeasible", (), 0, 0, None, True, time.perf_counter() - started)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return PlainResult("unknown", (), 0, 0, None, False, time.perf_counter() - started)
    value = round(first.objective_value)
    bound = math.floor(first.best_objective_bound + 1e-6)
    proven = status == cp_model.OPTIMAL
    plan, model_penalty, penalty_proven = _phase_two(
        scenario, built, first, value, proven, (time_limit, workers, seed, log)
    )
    rated = score(scenario, plan)
    return PlainResult(
        "optimal" if proven and penalty_proven else "feasible",
        tuple(plan),
        rated.scheduled_value,
        rated.penalty,
        bound,
        proven,
        time.perf_counter() - started,
        model_penalty,
    )


def _phase_two(
    scenario: Scenario,
    built: _Built,
    first: cp_model.CpSolver,
    value: int,
    proven: bool,
    how: tuple[float, int, int, bool],
) -> tuple[list[PlannedSession], int | None, bool]:
    """Keep phase 1's value (exactly, once proven) and minimise the penalty from its plan.

    Returns the plan, the model's penalty count of it (None if phase 2 found nothing) and
    whether that penalty was proven least.
    """
    plan = _plan(scenario, built, first)
    _keep_solution_as_hint(built, first)
    built.model.add(built.value == value if proven else built.value >= value)
    built.model.minimize(built.penalty)
    second = _solver(*how)
    status = second.solve(built.model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return plan, None, False
    return _plan(scenario, built, second), round(second.objective_value), status == cp_model.OPTIMAL


def plan_is_feasible(
    scenario: Scenario, plan: Sequence[PlannedSession], *, time_limit: float = 60.0
) -> bool | None:
    """Whether the plain model accepts ``plan`` exactly as it is (None: undecided in time).

    A second checker beside :mod:`planner.check`: every session of the plan is fixed (present,
    start, therapist, room), every other one left out, and the contract's constraints decide.
    """
    built = build_plain_model(scenario)
    m = built.model
    booked = {(p.course_id, p.session): p for p in plan}
    if any(key not in built.sessions for key in booked):
        return False
    for key, s in built.sessions.items():
        p = booked.get(key)
        m.add(s.present == int(p is not None))
        if p is None:
            continue
        uses, room = s.uses.get(p.therapist_id), s.rooms.get(p.room_id)
        if uses is None or room is None or p.end - p.start != s.length:
            return False
        m.add(s.start == p.start)
        m.add(uses == 1)
        m.add(room == 1)
    status = _solver(time_limit, 1, 0, False).solve(m)
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return True
    return False if status == cp_model.INFEASIBLE else None
