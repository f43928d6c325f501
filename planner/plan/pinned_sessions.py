"""Pinned sessions as the sessions they book, for checking them like any planned session."""

from __future__ import annotations

from collections.abc import Iterable

from planner.plan.types import PlannedSession
from planner.scenario.types import Pin, Scenario


def pinned_sessions(scenario: Scenario, pins: Iterable[Pin] | None = None) -> list[PlannedSession]:
    """``pins`` as the sessions they book in ``scenario`` (course, client, length).

    Parameters
    ----------
    scenario
        The scenario whose courses and treatments give each pin its client and length.
    pins
        The pins to turn into sessions; None means the scenario's own pins (hard rule 12).

    Returns
    -------
    list[PlannedSession]
        One session per pin, in the order of ``pins``.
    """
    sessions = []
    for pin in scenario.pins if pins is None else pins:
        course = scenario.course_by_id[pin.course_id]
        end = pin.start + scenario.session_length(course, pin.session)
        sessions.append(
            PlannedSession(
                pin.course_id,
                pin.session,
                course.client_id,
                course.treatment_id,
                pin.therapist_id,
                pin.room_id,
                pin.start,
                end,
            )
        )
    return sessions
