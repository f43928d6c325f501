"""Hard rules 8 and 11 across sessions: an ordered prefix of sessions with recovery gaps."""

from __future__ import annotations

import itertools

from ortools.sat.python import cp_model

from planner.model.variables import ModelVars, SessionVars
from planner.scenario.timeaxis import MINUTES_PER_DAY
from planner.scenario.types import Scenario


def add_course_rules(model: cp_model.CpModel, mv: ModelVars, scenario: Scenario) -> None:
    """Session k+1 only if session k; its start lies min..max gap after k's end.

    Session 1 keeps the same gaps to ``last_session_end`` (the course's history before the
    horizon). Time order follows from the gaps being non-negative.
    """
    for sessions in mv.by_course.values():
        course = sessions[0].spec.course
        min_gap, max_gap = scenario.gap_minutes(course)
        first = sessions[0]
        if course.last_session_end is not None and first.spec.index == 1:
            model.add(first.start >= course.last_session_end + min_gap).only_enforce_if(
                first.present
            )
            if max_gap is not None:
                model.add(first.start <= course.last_session_end + max_gap).only_enforce_if(
                    first.present
                )
        for before, after in itertools.pairwise(sessions):
            # A part model (decomposition) may hold only some sessions of a course as fixed
            # context; only consecutive sessions are bound by the gaps.
            if after.spec.index != before.spec.index + 1:
                continue
            model.add_implication(after.present, before.present)
            model.add(after.start >= before.end + min_gap).only_enforce_if(after.present)
            if max_gap is not None:
                model.add(after.start <= before.end + max_gap).only_enforce_if(after.present)


def _day_of(sv: SessionVars) -> cp_model.LinearExprT:
    """The session's day as a linear expression (0 when it is not booked)."""
    return sum(day * lit for (_, day), lit in sv.assign.items())


def add_course_day_cuts(model: cp_model.CpModel, mv: ModelVars, scenario: Scenario) -> None:
    """Redundant: consecutive sessions lie at least a whole number of days apart.

    The gap constraints above hold only when a session is booked, which the LP relaxation
    reads as "almost never binding": it spreads a six-session course over the busiest days at
    once. Stated on the days themselves, a 48-hour gap between sessions of a spa that opens at
    09:00 and closes at 21:00 means "two days later", which the relaxation does see.
    """
    days = scenario.settings.days
    for sessions in mv.by_course.values():
        course = sessions[0].spec.course
        min_gap, _ = scenario.gap_minutes(course)
        for before, after in itertools.pairwise(sessions):
            if after.spec.index != before.spec.index + 1 or not before.assign or not after.assign:
                continue
            earliest_end = min(s % MINUTES_PER_DAY for s in before.spec.starts()) + before.spec.length
            latest_start = max(s % MINUTES_PER_DAY for s in after.spec.starts())
            apart = -(-(earliest_end + min_gap - latest_start) // MINUTES_PER_DAY)
            if apart <= 0:
                continue
            # Both booked: day(after) - day(before) >= apart. Only `before` booked: day(after)
            # is 0, so the right side must drop by up to `days`.
            model.add(
                _day_of(after) - _day_of(before)
                >= apart * after.present - days * (before.present - after.present)
            )
