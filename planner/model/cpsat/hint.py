"""Solution hints: a complete plan (greedy, a previous phase, a published plan) as variable values.

CP-SAT starts far better from a complete, feasible hint; a partial one has to be repaired first,
which on large models can cost the whole time limit.
"""

from __future__ import annotations

from ortools.sat.python import cp_model

from planner.model.cpsat.build import BuiltModel
from planner.model.prune.session_specs import SessionKey
from planner.plan import PlannedSession
from planner.scenario.medical import caution_on
from planner.scenario.timeaxis import day_index
from planner.scenario.types import Scenario


def add_plan_hint(built: BuiltModel, plan: list[PlannedSession]) -> None:
    """Hint every variable of ``built`` with the values of ``plan`` (sessions not in it: absent)."""
    model = built.model
    model.clear_hints()
    booked = {(s.course_id, s.session): s for s in plan}
    used: set[tuple[str, str]] = set()
    for key, sv in built.vars.sessions.items():
        session = booked.get(key)
        starts = sv.spec.starts()
        tday = None if session is None else (session.therapist_id, day_index(session.start))
        present = (
            session is not None
            and tday in sv.assign
            and session.room_id in sv.room
            and session.start in starts
        )
        model.add_hint(sv.present, present)
        model.add_hint(sv.start, session.start if present and session else starts[0])
        for k, lit in sv.assign.items():
            model.add_hint(lit, present and k == tday)
        for room_id, lit in sv.room.items():
            model.add_hint(lit, present and session is not None and room_id == session.room_id)
        if sv.preferred_time is not None:
            inside = (
                present
                and session is not None
                and session.start in (sv.spec.preferred_starts or ())
            )
            model.add_hint(sv.preferred_time, inside)
        if present and session is not None:
            used.add((session.course_id, session.therapist_id))
    for use_key, lit in built.objective.uses.items():
        model.add_hint(lit, use_key in used)
    for ref_key, (lit, ref) in built.objective.keep.items():
        session = booked.get(ref_key)
        model.add_hint(
            lit,
            session is not None
            and (session.therapist_id, session.room_id, session.start)
            == (ref.therapist_id, ref.room_id, ref.start),
        )


def extract_plan(
    built: BuiltModel, solver: cp_model.CpSolver
) -> list[tuple[tuple[str, int], str, str, int]]:
    """(session key, therapist, room, start) of every present session in the solver's solution."""
    out = []
    for key, sv in built.vars.sessions.items():
        if not solver.boolean_value(sv.present):
            continue
        therapist = next(t for (t, _), lit in sv.assign.items() if solver.boolean_value(lit))
        room = next(r for r, lit in sv.room.items() if solver.boolean_value(lit))
        out.append((key, therapist, room, solver.value(sv.start)))
    return out


def to_sessions(
    scenario: Scenario, rows: list[tuple[SessionKey, str, str, int]]
) -> list[PlannedSession]:
    """Solver rows (key, therapist, room, start) as planned sessions."""
    out = []
    for (course_id, number), therapist_id, room_id, start in rows:
        course = scenario.course_by_id[course_id]
        out.append(
            PlannedSession(
                course_id=course_id,
                session=number,
                client_id=course.client_id,
                treatment_id=course.treatment_id,
                therapist_id=therapist_id,
                room_id=room_id,
                start=start,
                end=start + scenario.session_length(course, number),
                caution=caution_on(scenario, course, day_index(start)),
            )
        )
    return out
