"""The solver: from a validated scenario to the best plan it can find in its time limit.

A solve (:func:`solve`, in :mod:`planner.model.search.solve`) takes these steps, in this order;
each subpackage holds one of them:

1. ``prune/`` — every session's possible (therapist, day, start) and room choices, from the
   rules a session obeys on its own (:mod:`~planner.model.prune.session_specs`, the slot
   grid in :mod:`~planner.model.prune.grid`), and the minutes a therapist-day or room-day can
   hold (:mod:`~planner.model.prune.day_capacity`).
2. ``first_plan/`` — the plan every search starts from: whole courses booked one after another
   (:mod:`~planner.model.first_plan.construct`) into a state that counts every hard rule
   (:mod:`~planner.model.first_plan.booking_state`), in the better of a few orders, never below
   the booking-system baseline (:mod:`~planner.model.first_plan.start`).
3. ``bound/`` — a proven upper bound on the scheduled value from a linear relaxation
   (:mod:`~planner.model.bound.relaxation`), split by day where one CP-SAT model fits
   (:mod:`~planner.model.bound.lagrangian`, each day's problem in
   :mod:`~planner.model.bound.day_problem`), whose days outline a plan too
   (:mod:`~planner.model.first_plan.from_days`); for a scenario too large for one CP-SAT model
   it runs in a child process beside the search (:mod:`~planner.model.bound.background`).
4. ``search/`` — the phases in turn from the best plan so far
   (:mod:`~planner.model.search.phases`), each within its share of the time or work
   (:mod:`~planner.model.search.budget`), each plan compared by one score
   (:mod:`~planner.model.search.search_score`). The phases are:

   - ``local_search/`` — ruin and recreate over whole courses, solver-free
     (:mod:`~planner.model.local_search.ruin_recreate`), with the courses that compete for the
     same therapist-days (:mod:`~planner.model.prune.competition`);
   - ``cpsat/`` — CP-SAT: the whole scenario as one model where it fits
     (:mod:`~planner.model.cpsat.whole_model`), small parts of it with everything else held
     where it is otherwise (:mod:`~planner.model.cpsat.part_search`).
5. ``explain/`` — why each unscheduled session could not be booked
   (:mod:`~planner.model.explain.reasons`); which pins clash when they admit no plan
   (:mod:`~planner.model.explain.pin_conflicts`).

Every CP-SAT model is assembled by :func:`planner.model.cpsat.build.build_model` (variables,
one module per rule family in ``cpsat/constraints/``, the objective), so all of them hold the
same rules. It is built in four places, each for its own set of sessions and its own question:
the whole model (all bookable sessions: the best plan and a bound), the part models (a few
therapist-days freed, the rest held: a better plan where the whole model is too large), the
courses around pins at the start (only those courses: can the pins be reached at all), and the
pin conflicts (pins as assumptions: which of them clash). Every search runs through
:func:`planner.model.cpsat.run.run_cpsat`, which applies the budget and the stop request; the
pin conflicts alone run their own solver, since they answer after the solve with no budget.

Not the entry point: :func:`planner.solve` is (the model's plan, then the independent
checker). ``solve`` here is the model's own, unchecked search, importable for the checked solve
(:mod:`planner.solving`) and the model's tests, but not offered in ``__all__``.

What this package offers the rest of the library is listed in ``__all__`` and imported from
here; the modules of the steps are its internals. The names load their module on first use, so
that ``import planner.model`` alone loads neither CP-SAT nor SciPy.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from planner.model.explain.pin_conflicts import conflicting_pins, describe_conflict
    from planner.model.explain.reasons import explain_plan, explain_session, explain_unscheduled
    from planner.model.first_plan.booking_state import Booking, BookingState
    from planner.model.first_plan.construct import CourseBooker
    from planner.model.first_plan.start import baseline_plan, start_plan
    from planner.model.prune.grid import Windows
    from planner.model.prune.session_specs import (
        CandidateBuilder,
        SessionKey,
        SessionSpec,
        TherapistDay,
        bookable_prefix,
        build_specs,
    )
    from planner.model.search.budget import Budget
    from planner.model.search.search_score import moved_sessions
    from planner.model.search.solve import solve as solve  # unchecked: see the docstring
    from planner.model.search.solve_options import Progress, SolveOptions
    from planner.plan.result import Result, Status

# Each public name and the module that defines it (loaded on first use, see the docstring).
_HOMES = {
    "solve": "planner.model.search.solve",
    "SolveOptions": "planner.model.search.solve_options",
    "Progress": "planner.model.search.solve_options",
    "Result": "planner.plan.result",  # re-exported: what solve returns
    "Status": "planner.plan.result",
    "Budget": "planner.model.search.budget",
    "moved_sessions": "planner.model.search.search_score",
    "CandidateBuilder": "planner.model.prune.session_specs",
    "SessionKey": "planner.model.prune.session_specs",
    "SessionSpec": "planner.model.prune.session_specs",
    "TherapistDay": "planner.model.prune.session_specs",
    "Windows": "planner.model.prune.grid",
    "bookable_prefix": "planner.model.prune.session_specs",
    "build_specs": "planner.model.prune.session_specs",
    "Booking": "planner.model.first_plan.booking_state",
    "BookingState": "planner.model.first_plan.booking_state",
    "CourseBooker": "planner.model.first_plan.construct",
    "baseline_plan": "planner.model.first_plan.start",
    "start_plan": "planner.model.first_plan.start",
    "explain_plan": "planner.model.explain.reasons",
    "explain_session": "planner.model.explain.reasons",
    "explain_unscheduled": "planner.model.explain.reasons",
    "conflicting_pins": "planner.model.explain.pin_conflicts",
    "describe_conflict": "planner.model.explain.pin_conflicts",
}

__all__ = [
    "Booking",
    "BookingState",
    "Budget",
    "CandidateBuilder",
    "CourseBooker",
    "Progress",
    "Result",
    "SessionKey",
    "SessionSpec",
    "SolveOptions",
    "Status",
    "TherapistDay",
    "Windows",
    "baseline_plan",
    "bookable_prefix",
    "build_specs",
    "conflicting_pins",
    "describe_conflict",
    "explain_plan",
    "explain_session",
    "explain_unscheduled",
    "moved_sessions",
    "start_plan",
]


def __getattr__(name: str) -> object:
    """Load a public name's module when the name is first used (PEP 562)."""
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
