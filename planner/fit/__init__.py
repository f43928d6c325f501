"""The front desk's question: can this whole course be booked into the published plan, and how?

:func:`fit_course` lists the best complete bookings of a new course (see
:mod:`planner.fit.search`) while every published session stays exactly as it is; when none fits
it says why, in a manager's words, and offers the longest prefix that fits. With ``allow_moves``
it may move a few published sessions outside a freeze window to make room
(:mod:`planner.fit.moves`). :func:`plan_with` is the plan with one option booked, checked by
the independent checker before anyone writes it.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field

from planner.check import check_sessions
from planner.fit.moves import Move, MoveSearch
from planner.fit.request import FitRequest, RequestError, with_course
from planner.fit.search import CourseSearch, Option, Placement
from planner.model import BookingState, CandidateBuilder, SessionSpec
from planner.plan import PlannedSession, UnscheduledSession
from planner.plan.score import score
from planner.plan.unscheduled import without_conditions
from planner.scenario.medical import caution_on
from planner.scenario.timeaxis import day_index
from planner.scenario.types import Course, Scenario


@dataclass(frozen=True)
class FitResult:
    """What :func:`fit_course` found.

    Parameters
    ----------
    scenario
        The scenario with the new course (and its client, if new) added.
    course
        The new course.
    options
        Best first: complete bookings, or (when none fits) the longest prefixes that fit.
    reason
        Why no complete booking fits (None when one does), naming no health condition.
    seconds
        Time the search took.
    exhausted
        True if the step budget stopped the search before it had looked at everything.
    """

    scenario: Scenario
    course: Course
    options: tuple[Option, ...]
    reason: str | None
    seconds: float
    exhausted: bool = False
    moves: dict[int, tuple[Move, ...]] = field(default_factory=dict)


def spec_of_session(scenario: Scenario, s: PlannedSession) -> SessionSpec:
    """A booked session as the booking state needs it: its course, length and limits (its
    choices are not needed once it is booked)."""
    course = scenario.course_by_id[s.course_id]
    return SessionSpec(
        course=course,
        session=s.session,
        length=s.end - s.start,
        priority=course.priority,
        deep=scenario.treatment_of(course).deep,
        candidates={},
        rooms={},
    )


def booked_state(scenario: Scenario, sessions: Sequence[PlannedSession]) -> BookingState:
    """A booking state holding ``sessions`` (a valid plan of ``scenario``)."""
    state = BookingState(scenario)
    for s in sorted(sessions, key=lambda s: s.start):
        state.book(spec_of_session(scenario, s), s.therapist_id, s.room_id, s.start)
    return state


def _masked(scenario: Scenario, course: Course, reason: str) -> str:
    """``reason`` without the client's condition: the front desk sees it on the phone."""
    return without_conditions(scenario, course.client_id, reason)


def _why(
    scenario: Scenario, course: Course, sessions: Sequence[PlannedSession], prefix: Option | None
) -> str:
    """The manager's reason for the first session of ``course`` that does not fit."""
    # Imported here: the reasons need every course's choices, worked out only on this path.
    from planner.model import explain_plan

    booked = [*sessions, *(_planned(scenario, course, prefix) if prefix else [])]
    rows = explain_plan(scenario, booked)
    mine = [u for u in rows if u.course_id == course.id]
    first = mine[0]
    return _masked(
        scenario, course, f"Session {first.session} of {course.sessions}: {first.reason}"
    )


def _planned(scenario: Scenario, course: Course, option: Option) -> list[PlannedSession]:
    return [
        PlannedSession(
            course.id,
            p.session,
            course.client_id,
            course.treatment_id,
            p.therapist_id,
            p.room_id,
            p.start,
            p.end,
            caution_on(scenario, course, day_index(p.start)),
        )
        for p in option.placements
    ]


def fit_course(
    scenario: Scenario,
    sessions: Sequence[PlannedSession],
    request: FitRequest,
    top: int = 5,
    movable: MoveSearch | None = None,
) -> FitResult:
    """The ``top`` best bookings of the requested course into the plan ``sessions``.

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
    started = time.perf_counter()
    full, course = with_course(scenario, request)
    specs = CandidateBuilder(full).course_specs(course)
    state = booked_state(full, sessions)
    search = CourseSearch(full, state, specs, top)
    options = search.run(complete_only=True)
    moves: dict[int, tuple[Move, ...]] = {}
    reason = None
    if not options and movable is not None and movable.limit > 0:
        options, moves = movable.run(full, state, specs, top)
    if not options:
        prefixes = search.run(complete_only=False)
        longest = prefixes[0] if prefixes else None
        reason = _why(full, course, sessions, longest)
        options = [o for o in prefixes if longest and len(o.placements) == len(longest.placements)]
    return FitResult(
        full,
        course,
        tuple(options),
        reason,
        time.perf_counter() - started,
        search.exhausted,
        moves,
    )


def plan_with(
    result: FitResult, sessions: Sequence[PlannedSession], rank: int
) -> tuple[list[PlannedSession], list[UnscheduledSession], int]:
    """The plan with option ``rank`` (1 = best) booked, the new course's unscheduled sessions, and
    the penalty the course adds by the contract's score.

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
    booked = [*kept, *_planned(scenario, course, option)]
    violations = check_sessions(scenario, booked)
    if violations:
        raise RuntimeError(f"option {rank} breaks hard rule {violations[0].rule}: {violations[0]}")
    unscheduled = [
        UnscheduledSession(
            course.id, k, course.client_id, course.treatment_id, result.reason or "Not booked."
        )
        for k in range(len(option.placements) + 1, course.sessions + 1)
    ]
    delta = score(scenario, booked).penalty - score(scenario, sessions).penalty
    return booked, unscheduled, delta


__all__ = [
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
]
