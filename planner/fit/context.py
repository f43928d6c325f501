"""A front desk that stays warm: the published plan loaded once, every request fitted against it.

:func:`planner.fit.fit_course` answers one request from nothing: it books the whole published
plan into a fresh state and, when no complete booking fits, works out every course's choices
again to say why. A :class:`FitContext` does the first once per published plan and the second for
the new course alone, so a server that keeps the spa loaded answers each call in the time the
search itself takes. Its answers are those of :func:`~planner.fit.fit_course` for the same
scenario, plan and request, option for option and word for word (``fit_course`` is a one-shot
context).

A fit never changes the context: each one searches in its own copy of the booking state, so
threads may fit against one context at once. A new published plan needs a new context.
"""

from __future__ import annotations

import time
from collections.abc import Sequence

from planner.fit.moves import Move, MoveSearch
from planner.fit.request import FitRequest, with_course
from planner.fit.result import FitResult, booked_state, masked_reason
from planner.fit.search import CourseSearch, Option
from planner.model import BookingState, CandidateBuilder, SessionSpec, explain_session
from planner.plan import PlannedSession
from planner.scenario.types import Course, Scenario


class FitContext:
    """The published plan of a scenario, ready for many fit requests.

    Parameters
    ----------
    scenario
        The scenario the plan was made for.
    sessions
        The published plan (valid for ``scenario``); every fit keeps each of its sessions
        exactly where it is.

    Attributes
    ----------
    scenario
        The scenario, without any requested course.
    sessions
        The published plan.
    state
        The booking state of the published plan; fits only read it.
    """

    def __init__(self, scenario: Scenario, sessions: Sequence[PlannedSession]) -> None:
        self.scenario = scenario
        self.sessions: tuple[PlannedSession, ...] = tuple(sessions)
        self.state: BookingState = booked_state(scenario, self.sessions)

    def fit(
        self, request: FitRequest, top: int = 5, movable: MoveSearch | None = None
    ) -> FitResult:
        """The ``top`` best bookings of the requested course into the published plan: exactly
        what :func:`planner.fit.fit_course` answers for the same arguments.

        Parameters
        ----------
        request
            The course to fit.
        top
            How many options to list.
        movable
            Published sessions that may move to make room, and how many (``--allow-moves``);
            used only when no complete booking fits as the plan stands.

        Returns
        -------
        FitResult
            The options, best first, or the reason none fits and the longest prefixes.

        Raises
        ------
        RequestError
            If the request does not fit the scenario (unknown treatment, bad window, ...).
        """
        started = time.perf_counter()
        full, course = with_course(self.scenario, request)
        builder = CandidateBuilder(full)
        specs = builder.course_specs(course)
        # The copy is this request's own: the search books and releases in it.
        state = self.state.copy(full)
        search = CourseSearch(full, state, specs, top)
        options = search.run(complete_only=True)
        moves: dict[int, tuple[Move, ...]] = {}
        reason = None
        if not options and movable is not None and movable.limit > 0:
            options, moves = movable.run(full, state, specs, top)
        if not options:
            prefixes = search.run(complete_only=False)
            longest = prefixes[0] if prefixes else None
            reason = _why(full, course, state, specs, longest, builder)
            options = [
                o for o in prefixes if longest and len(o.placements) == len(longest.placements)
            ]
        return FitResult(
            full,
            course,
            tuple(options),
            reason,
            time.perf_counter() - started,
            search.exhausted,
            moves,
        )


def _why(
    scenario: Scenario,
    course: Course,
    state: BookingState,
    specs: Sequence[SessionSpec],
    prefix: Option | None,
    builder: CandidateBuilder,
) -> str:
    """The manager's reason for the first session of ``course`` that does not fit after
    ``prefix`` (the same words :func:`planner.model.explain_plan` gives that session), naming
    no health condition. ``state`` holds the published plan; it is left as it was."""
    placements = prefix.placements if prefix else ()
    booked = specs[: len(placements)]
    for spec, p in zip(booked, placements, strict=True):
        state.book(spec, p.therapist_id, p.room_id, p.start)
    missing = specs[len(placements)]
    try:
        previous_end = placements[-1].end if placements else None
        text = explain_session(scenario, state, missing, previous_end, builder.work)
    finally:
        for spec in reversed(booked):
            state.release(spec.key)
    return masked_reason(
        scenario, course, f"Session {missing.session} of {course.sessions}: {text}"
    )


__all__ = ["FitContext"]
