"""The front desk's question: can this whole course be booked into the published plan, and how?

:func:`fit_course` lists the best complete bookings of a new course (see
:mod:`planner.fit.search`) while every published session stays exactly as it is; when none fits
it says why, in a manager's words, and offers the longest prefix that fits. With ``allow_moves``
it may move a few published sessions outside a freeze window to make room
(:mod:`planner.fit.moves`). :func:`plan_with` is the plan with one option booked, checked by
the independent checker before anyone writes it. A program that answers many requests against
one published plan keeps a :class:`FitContext` (:mod:`planner.fit.context`) and gets the same
answers without loading the plan again for each.
"""

from __future__ import annotations

from collections.abc import Sequence

from planner.check import check_sessions
from planner.fit.context import FitContext
from planner.fit.moves import Move, MoveSearch
from planner.fit.request import FitRequest, RequestError
from planner.fit.result import FitResult, booked_state, planned_sessions, spec_of_session
from planner.fit.search import Option, Placement
from planner.plan import PlannedSession, UnscheduledSession
from planner.plan.score import score
from planner.scenario.types import Scenario


def fit_course(
    scenario: Scenario,
    sessions: Sequence[PlannedSession],
    request: FitRequest,
    top: int = 5,
    movable: MoveSearch | None = None,
) -> FitResult:
    """The ``top`` best bookings of the requested course into the plan ``sessions``.

    A one-shot :class:`FitContext`: a caller with many requests against one plan (a server)
    keeps the context and calls :meth:`FitContext.fit` instead.

    Parameters
    ----------
    scenario
        The scenario the plan was made for.
    sessions
        The published plan (valid for ``scenario``); every session of it stays as it is.
    request
        The course to fit.
    top
        How many options to list.
    movable
        Published sessions that may move to make room, and how many (``--allow-moves``); used
        only when no complete booking fits as the plan stands.

    Raises
    ------
    RequestError
        If the request does not fit the scenario (unknown treatment, bad window, ...).
    """
    return FitContext(scenario, sessions).fit(request, top, movable)


def plan_with(
    result: FitResult,
    sessions: Sequence[PlannedSession],
    rank: int,
    penalty_before: int | None = None,
) -> tuple[list[PlannedSession], list[UnscheduledSession], int]:
    """The plan with option ``rank`` (1 = best) booked, the new course's unscheduled sessions, and
    the penalty the course adds by the contract's score (``penalty_before``: the penalty of
    ``sessions``, when the caller already knows it).

    Raises
    ------
    IndexError
        If there is no option ``rank``.
    RuntimeError
        If the plan breaks a hard rule (a defect: the option must never be written then).
    """
    if not 1 <= rank <= len(result.options):
        raise IndexError(f"there is no option {rank}; {len(result.options)} were found")
    option = result.options[rank - 1]
    scenario, course = result.scenario, result.course
    moved = {(m.course_id, m.session): m for m in result.moves.get(rank, ())}
    kept = [moved[(s.course_id, s.session)].moved(s) if (s.course_id, s.session) in moved else s
            for s in sessions]  # fmt: skip
    booked = [*kept, *planned_sessions(scenario, course, option)]
    violations = check_sessions(scenario, booked)
    if violations:
        raise RuntimeError(f"option {rank} breaks hard rule {violations[0].rule}: {violations[0]}")
    unscheduled = [
        UnscheduledSession(
            course.id, k, course.client_id, course.treatment_id, result.reason or "Not booked."
        )
        for k in range(len(option.placements) + 1, course.sessions + 1)
    ]
    if penalty_before is None:
        penalty_before = score(scenario, sessions).penalty
    delta = score(scenario, booked).penalty - penalty_before
    return booked, unscheduled, delta


__all__ = [
    "FitContext",
    "FitRequest",
    "FitResult",
    "Move",
    "MoveSearch",
    "Option",
    "Placement",
    "RequestError",
    "booked_state",
    "fit_course",
    "plan_with",
    "spec_of_session",
]
