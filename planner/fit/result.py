"""What a fit finds, and the published plan as the search books into it.

Kept apart from the package's front door so that the one-shot :func:`planner.fit.fit_course` and
the warm :class:`planner.fit.context.FitContext` share them without importing each other.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from planner.fit.moves import Move
from planner.fit.search import Option
from planner.model import BookingState
from planner.model.first_plan.booking_state import spec_of_session
from planner.plan import PlannedSession
from planner.plan.unscheduled import without_conditions
from planner.scenario.medical import caution_on
from planner.scenario.timeaxis import day_index
from planner.scenario.types import Course, Scenario


@dataclass(frozen=True)
class FitResult:
    """What :func:`planner.fit.fit_course` found.

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


def booked_state(scenario: Scenario, sessions: Sequence[PlannedSession]) -> BookingState:
    """A booking state holding ``sessions`` (a valid plan of ``scenario``)."""
    state = BookingState(scenario)
    for s in sorted(sessions, key=lambda s: s.start):
        state.book(spec_of_session(scenario, s), s.therapist_id, s.room_id, s.start)
    return state


def masked_reason(scenario: Scenario, course: Course, reason: str) -> str:
    """``reason`` without the client's condition: the front desk sees it on the phone."""
    return without_conditions(scenario, course.client_id, reason)


def planned_sessions(scenario: Scenario, course: Course, option: Option) -> list[PlannedSession]:
    """The sessions of ``option`` as planned sessions of ``course``."""
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


__all__ = ["FitResult", "booked_state", "masked_reason", "planned_sessions", "spec_of_session"]
