"""Models with one family of CP-SAT constraints at a time, for the tests of each family.

A family's test places sessions by hand (start, therapist, room) and asks whether the model of
the session variables plus that family alone admits the placement: the family must forbid
exactly what its hard rule forbids, so each test shows a placement the rule refuses (and the
independent checker refuses too) and one it allows.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from ortools.sat.python import cp_model

from planner.check import check_sessions
from planner.model import CandidateBuilder, bookable_prefix
from planner.model.cpsat.build import BuiltModel
from planner.model.cpsat.hint import extract_plan, to_sessions
from planner.model.cpsat.objective import build_objective
from planner.model.cpsat.variables import ModelVars, add_session_vars
from planner.plan import PlannedSession
from planner.scenario.builder import ScenarioBuilder
from planner.scenario.types import Scenario

MONDAY = date(2026, 12, 7)
DAY = 1440

# Adds one family of constraints to a model over the session variables.
Family = Callable[[cp_model.CpModel, ModelVars], None]


@dataclass(frozen=True)
class Place:
    """Where a test puts a session: its start minute, and optionally its therapist and room."""

    course_id: str
    session: int
    start: int
    therapist_id: str | None = None
    room_id: str | None = None


def at(day: int, clock: str) -> int:
    """The axis minute of ``clock`` (``HH:MM``) on horizon day ``day``."""
    hours, minutes = clock.split(":")
    return day * DAY + int(hours) * 60 + int(minutes)


def spa(days: int = 1, client_max_sessions_per_day: int = 1) -> ScenarioBuilder:
    """A builder of a spa from Monday 2026-12-07 with a 60-minute relaxing massage."""
    b = ScenarioBuilder(
        "family", start=MONDAY, days=days, client_max_sessions_per_day=client_max_sessions_per_day
    )
    b.add_treatment("relax", specialty="relaxing", duration=60, equipment=["table"])
    return b


def _model(scenario: Scenario, families: Sequence[Family]) -> BuiltModel:
    builder = CandidateBuilder(scenario)
    specs = [s for c in scenario.courses for s in bookable_prefix(builder.course_specs(c))]
    model = cp_model.CpModel()
    mv = add_session_vars(model, specs)
    for family in families:
        family(model, mv)
    # The objective's literals only tie continuity to the choices; they forbid nothing.
    return BuiltModel(model, mv, build_objective(model, mv, scenario, None))


def _solve(built: BuiltModel) -> cp_model.CpSolver | None:
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_deterministic_time = 20.0
    status = solver.solve(built.model)
    assert status != cp_model.UNKNOWN, "the tiny model was not decided in its work limit"
    return solver if status in (cp_model.OPTIMAL, cp_model.FEASIBLE) else None


def placed(
    scenario: Scenario, families: Sequence[Family], places: Sequence[Place]
) -> list[PlannedSession] | None:
    """The plan of exactly ``places`` if the model with ``families`` admits it, else None.

    A plan found is checked against the hard rules the checker reads off the plan alone
    (``partial``: only the placed sessions, no prefix rule).
    """
    built = _model(scenario, families)
    model, sessions = built.model, built.vars.sessions
    wanted = {(p.course_id, p.session) for p in places}
    for key, sv in sessions.items():
        if key not in wanted:
            model.add(sv.present == 0)
    for p in places:
        sv = sessions[(p.course_id, p.session)]
        model.add(sv.present == 1)
        model.add(sv.start == p.start)
        if p.therapist_id is not None:
            model.add(sum(x for (t, _), x in sv.assign.items() if t == p.therapist_id) == 1)
        if p.room_id is not None:
            model.add(sum(y for r, y in sv.room.items() if r == p.room_id) == 1)
    solver = _solve(built)
    if solver is None:
        return None
    return to_sessions(scenario, extract_plan(built, solver))


def most_sessions(scenario: Scenario, families: Sequence[Family]) -> int:
    """The most sessions the model with ``families`` can book at once."""
    built = _model(scenario, families)
    built.model.maximize(sum(sv.present for sv in built.vars.sessions.values()))
    solver = _solve(built)
    assert solver is not None
    return round(solver.objective_value)


def broken_rules(scenario: Scenario, places: Sequence[Place]) -> set[int]:
    """The hard rules the checker says ``places`` break (with their therapist and room given)."""
    sessions = []
    for p in places:
        course = scenario.course_by_id[p.course_id]
        assert p.therapist_id is not None and p.room_id is not None
        length = scenario.session_length(course, p.session)
        sessions.append(
            PlannedSession(p.course_id, p.session, course.client_id, course.treatment_id,
                           p.therapist_id, p.room_id, p.start, p.start + length)
        )  # fmt: skip
    return {v.rule for v in check_sessions(scenario, sessions, partial=True)}
