"""Hard rules 8 and 11 across sessions: an ordered prefix of sessions with recovery gaps."""

from __future__ import annotations

import itertools

from ortools.sat.python import cp_model

from planner.model.cpsat.variables import ModelVars
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
        if course.last_session_end is not None and first.spec.session == 1:
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
            if after.spec.session != before.spec.session + 1:
                continue
            model.add_implication(after.present, before.present)
            model.add(after.start >= before.end + min_gap).only_enforce_if(after.present)
            if max_gap is not None:
                model.add(after.start <= before.end + max_gap).only_enforce_if(after.present)
