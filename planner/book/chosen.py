"""Booking the exact sessions a front desk showed, if they still keep every hard rule.

A web front desk shows options and books one a minute later; meanwhile another desk may have
booked, or a re-plan published. :func:`chosen_result` takes the shown sessions (by the
contract's date-times, so a new horizon can't shift them) and turns them into a one-option
:class:`~planner.fit.FitResult` only if, in the plan published NOW, they keep every hard rule
(the independent checker says so) and none starts before the clock plus the lead time. Else it
raises :class:`OptionTaken`, and the front end offers fresh options: a slot is never promised
twice.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from planner import exitcodes
from planner.book.report import BookFailure
from planner.fit import FitRequest, FitResult, Option, Placement, RequestError, plan_with
from planner.fit.request import not_before, with_course
from planner.plan.types import PlannedSession
from planner.scenario.timeaxis import parse_datetime
from planner.scenario.types import Course, Scenario


@dataclass(frozen=True)
class ChosenSession:
    """One session of an option as a front end showed it (``start`` is ``YYYY-MM-DDTHH:MM``)."""

    session: int
    therapist_id: str
    room_id: str
    start: str


class OptionTaken(BookFailure):
    """The chosen sessions no longer fit the published plan (exit code 3); ``reason`` says why
    in ids and times (never a health condition)."""

    def __init__(self, reason: str) -> None:
        super().__init__(exitcodes.NO_PLAN, f"the chosen option no longer fits: {reason}")
        self.reason = reason


def _numbers(chosen: Sequence[ChosenSession], course: Course) -> None:
    numbers = [c.session for c in chosen]
    if not chosen or numbers != list(range(1, len(chosen) + 1)):
        raise BookFailure(
            exitcodes.INVALID_INPUT,
            f"invalid option: expected sessions numbered 1, 2, ... in order, got {numbers}",
        )
    if len(chosen) > course.sessions:
        raise BookFailure(
            exitcodes.INVALID_INPUT,
            f"invalid option: {len(chosen)} sessions for a course of {course.sessions}",
        )


def _placements(
    scenario: Scenario, course: Course, chosen: Sequence[ChosenSession]
) -> tuple[Placement, ...]:
    out = []
    for c in chosen:
        if c.therapist_id not in scenario.therapist_by_id:
            raise OptionTaken(f"session {c.session}: therapist {c.therapist_id!r} is gone")
        if c.room_id not in scenario.room_by_id:
            raise OptionTaken(f"session {c.session}: room {c.room_id!r} is gone")
        try:
            start = parse_datetime(scenario.settings.start, c.start)
        except ValueError as error:
            raise BookFailure(
                exitcodes.INVALID_INPUT, f"invalid option: session {c.session}: {error}"
            ) from None
        end = start + scenario.session_length(course, c.session)
        out.append(Placement(c.session, c.therapist_id, c.room_id, start, end))
    return tuple(out)


def chosen_result(
    scenario: Scenario,
    published: Sequence[PlannedSession],
    request: FitRequest,
    chosen: Sequence[ChosenSession],
) -> FitResult:
    """The request's course with exactly the ``chosen`` sessions as its only option.

    Parameters
    ----------
    scenario
        The live scenario, as loaded under the spa's lock.
    published
        The plan published now (valid for ``scenario``).
    request
        The course, with the clock (``request.now``) the booking is made at.
    chosen
        Sessions 1..k of the course (k at most the course's sessions).

    Raises
    ------
    BookFailure
        With exit code 2 for a bad request or option (numbers, date-times).
    OptionTaken
        If a session starts before the clock plus the lead time, or the plan with the option
        booked would break a hard rule (taken by another booking, a shift gone, ...).
    """
    try:
        full, course = with_course(scenario, request)
        clock = not_before(scenario, request)
    except RequestError as error:
        raise BookFailure(exitcodes.INVALID_INPUT, f"invalid option {error}") from None
    _numbers(chosen, course)
    placements = _placements(full, course, chosen)
    for p in placements:
        if clock is not None and p.start < clock:
            raise OptionTaken(f"session {p.session} would start before now plus the lead time")
    complete = len(placements) == course.sessions
    reason = None
    if not complete:
        reason = f"the first {len(placements)} of {course.sessions} sessions were chosen"
    option = Option(placements, 0, complete)
    result = FitResult(full, course, (option,), reason, 0.0)
    try:
        plan_with(result, published, 1)
    except RuntimeError:
        raise OptionTaken("the plan as published now leaves no room for it") from None
    return result


__all__ = ["ChosenSession", "OptionTaken", "chosen_result"]
