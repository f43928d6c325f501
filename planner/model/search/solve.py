"""Solve a scenario: prune, build a first plan of whole courses, then improve it phase by phase.

The plan is compared lexicographically, as the contract scores it: the scheduled value first,
then the penalty (in a re-plan, the value less the cost of moving published sessions comes
first). Scenarios that fit one CP-SAT model alternate a fast local search with the whole model,
which also proves a bound; larger ones alternate the local search with CP-SAT on small parts.
See :mod:`planner.model.search.phases`.
"""

from __future__ import annotations

from planner.model.bound.background import BackgroundBound
from planner.model.bound.relaxation import relaxation_search
from planner.model.cpsat.whole_model import WholeModel
from planner.model.explain.reasons import explain_unscheduled
from planner.model.first_plan.booking_state import BookingState
from planner.model.first_plan.from_days import plan_from_days
from planner.model.first_plan.start import start_plan
from planner.model.prune.session_specs import CandidateBuilder, SessionSpec, bookable_prefix
from planner.model.search.budget import Budget
from planner.model.search.phases import Search
from planner.model.search.search_score import penalty_counts, weighted_penalty
from planner.model.search.solve_options import SolveOptions
from planner.plan import Plan, PlannedSession, Result, Status
from planner.plan.notify import CANCELLED, MOVED, call_list, change_counts, clients_to_notify
from planner.scenario.types import Scenario

# Above this many (session, therapist-day) choices one CP-SAT model no longer pays off on a
# 2-core laptop (a two-week spa of 3,000 sessions built a 0.5 M-variable model in 24 s and 7.6 GB
# that never improved on its first plan); the part-by-part search takes over.
MONOLITHIC_LIMIT = 60_000
# Of the time limit, what the search may use; the rest is kept for the explanations of sessions
# unscheduled, the final check and writing the files, so the whole command keeps its limit.
SEARCH_SHARE = 0.95
FINISH_SECONDS = 0.3
# Of the time limit, what the linear relaxation bound may take where one model fits.
RELAXATION_SHARE = 0.1


def search_limit(limit: float) -> float:
    """Seconds the search may take of a solve's ``limit``."""
    return max(0.05, min(limit * SEARCH_SHARE, limit - FINISH_SECONDS))


def solve(scenario: Scenario, options: SolveOptions | None = None) -> Result:
    """Plan ``scenario``: the most valuable set of sessions, then the lowest penalty.

    Parameters
    ----------
    scenario
        A validated scenario.
    options
        Time limit, workers, seed, deterministic mode, reference plan, progress callback,
        stop event.

    Returns
    -------
    Result
        ``status`` is ``optimal`` when the value and then the penalty were proven best,
        ``feasible`` with a valid plan otherwise, ``infeasible`` when the pinned sessions admit
        no plan.
    """
    options = options or SolveOptions()
    limit = options.time_limit or scenario.settings.time_limit_seconds
    budget = Budget(search_limit(limit), options.deterministic, options.stop)
    builder = CandidateBuilder(scenario)
    specs = {c.id: builder.course_specs(c) for c in scenario.courses}
    model_specs = [s for course in specs.values() for s in bookable_prefix(course)]
    reference = list(options.reference.sessions) if options.reference else None
    in_model = {s.key for s in model_specs}
    unreachable = not all((p.course_id, p.session) in in_model for p in scenario.pins)
    if unreachable or _pins_clash(scenario, model_specs):
        return _result(scenario, specs, builder, budget, Status.INFEASIBLE, [], None, reference)
    start = start_plan(scenario, specs, builder.work, budget, reference)
    if start is None:
        return _result(scenario, specs, builder, budget, Status.INFEASIBLE, [], None, reference)
    search = Search(scenario, specs, builder.work, options, budget, start)
    if sum(len(s.candidates) for s in model_specs) <= MONOLITHIC_LIMIT:
        seconds = budget.left() * RELAXATION_SHARE
        known = sum(scenario.course_by_id[s.course_id].priority for s in search.best)
        relaxed = relaxation_search(scenario, model_specs, builder.work, seconds, known)
        search.tighten(relaxed.bound)
        if reference is None and not budget.deterministic:  # the split depends on its time
            for choices in relaxed.day_bookings:
                search.offer(plan_from_days(scenario, specs, choices, search.best))
        whole = WholeModel(scenario, model_specs, builder.work, reference, search.move_cap)
        search.run_whole(whole)
    else:
        background = BackgroundBound(scenario, budget.wall_left())
        try:
            search.run_parts()
        finally:
            search.tighten(background.result(wait=0.0))
    trivial = sum(s.priority for s in model_specs)
    bound = min(trivial, search.value_bound) if search.value_bound is not None else trivial
    value = sum(scenario.course_by_id[s.course_id].priority for s in search.best)
    proven = search.penalty_proven or (value == bound and search.best_score.penalty == 0)
    if reference:
        proven = proven and search.penalty_proven
    status = Status.OPTIMAL if proven and not budget.stopped() else Status.FEASIBLE
    proven_at = search.value_proven_at if value == bound else None
    return _result(scenario, specs, builder, budget, status, search.best, bound, reference,
                   proven_at)  # fmt: skip


def _pins_clash(scenario: Scenario, specs: list[SessionSpec]) -> bool:
    """True if the pinned sessions overlap or break a therapist's or client's limit among
    themselves: no plan can keep them all.

    Loading a folder refuses such pins, but a scenario built or changed in Python may reach the
    solver without that check, and the search would otherwise keep them as they are.
    """
    state = BookingState(scenario)
    pinned = sorted(((s.pin, s) for s in specs if s.pin is not None), key=lambda ps: ps[0].start)
    for pin, spec in pinned:
        if state.therapist_blocker(spec, pin.therapist_id, pin.start) is not None:
            return True
        if not state.room_free(spec, pin.room_id, pin.start):
            return True
        state.book(spec, pin.therapist_id, pin.room_id, pin.start)
    return False


def _result(
    scenario: Scenario,
    specs: dict[str, list[SessionSpec]],
    builder: CandidateBuilder,
    budget: Budget,
    status: Status,
    sessions: list[PlannedSession],
    bound: int | None,
    reference: list[PlannedSession] | None,
    value_proven_at: float | None = None,
) -> Result:
    """The result for ``sessions``, scored from the plan itself."""
    weighted = weighted_penalty(scenario, penalty_counts(scenario, sessions))
    unscheduled = explain_unscheduled(scenario, specs, sessions, builder.work)
    calls = None if reference is None else call_list(scenario, reference, sessions, unscheduled)
    counts = None if calls is None else change_counts(calls)
    return Result(
        status=status,
        plan=Plan(tuple(sessions), tuple(unscheduled)).sorted(),
        scheduled_value=sum(scenario.course_by_id[s.course_id].priority for s in sessions),
        penalty=sum(weighted.values()),
        bound=bound,
        solve_seconds=budget.elapsed(),
        sessions_total=sum(c.sessions for c in scenario.courses),
        penalty_parts=weighted,
        moved=None if counts is None else counts[MOVED],
        dropped=None if counts is None else counts[CANCELLED],
        clients_to_notify=None if calls is None else clients_to_notify(calls),
        interrupted=budget.stopped(),
        value_proven_seconds=value_proven_at,
        reproducible=budget.deterministic and not budget.clock_ended and not budget.stopped(),
        priorities={c.id: c.priority for c in scenario.courses},
    )
