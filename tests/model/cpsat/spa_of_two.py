"""Tiny spas (and a valid hand-made plan of one), for the tests of the whole CP-SAT model's parts.

t1 and t2 work 09:00-17:00 on Monday and Tuesday in rooms r1 and r2. Anna's course co1 has two
60-minute sessions at least 24 h apart, priority 3, with t1 preferred (and an assessment on
session 1: 75 minutes); Boris's co2 has one session, priority 1, and he wishes to come
09:00-12:00 on Monday (he can come whenever t1 and t2 work).
"""

from __future__ import annotations

from datetime import date

from ortools.sat.python import cp_model

from planner.model import CandidateBuilder, bookable_prefix
from planner.model.cpsat.build import BuiltModel, build_model
from planner.model.cpsat.hint import add_plan_hint
from planner.plan import PlannedSession
from planner.scenario.builder import ScenarioBuilder
from planner.scenario.types import Scenario

MONDAY, TUESDAY = date(2026, 12, 7), date(2026, 12, 8)


def spa_of_two() -> Scenario:
    b = ScenarioBuilder("two", start=MONDAY, days=2)
    whole_days = [(MONDAY, "09:00", "17:00"), (TUESDAY, "09:00", "17:00")]
    for therapist in ("t1", "t2"):
        b.add_therapist(therapist, specialties=["relaxing"], shifts=whole_days)
    b.add_room("r1", equipment=["table"])
    b.add_room("r2", equipment=["table"])
    b.add_treatment("relax", specialty="relaxing", duration=60, equipment=["table"])
    b.add_client("c1")
    b.add_client("c2", available=whole_days, preferred=[(MONDAY, "09:00", "12:00")])
    b.add_course("co1", "c1", "relax", 2, priority=3, preferred_therapist="t1")
    b.add_course("co2", "c2", "relax", 1, priority=1, needs_assessment=False)
    return b.build()


def session(course: str, number: int, therapist: str, room: str, start: int, minutes: int):
    client = "c1" if course == "co1" else "c2"
    return PlannedSession(course, number, client, "relax", therapist, room, start, start + minutes)


# co1 #1 with t1 Monday 09:00-10:15 (assessment included), #2 with t2 Tuesday 10:15-11:15;
# co2 with t2 Monday 14:00-15:00, outside Boris's wish.
PLAN = [
    session("co1", 1, "t1", "r1", 540, 75),
    session("co1", 2, "t2", "r1", 1440 + 615, 60),
    session("co2", 1, "t2", "r2", 840, 60),
]


def model_of(scenario: Scenario, reference: list[PlannedSession] | None = None) -> BuiltModel:
    builder = CandidateBuilder(scenario)
    specs = [s for c in scenario.courses for s in bookable_prefix(builder.course_specs(c))]
    return build_model(scenario, specs, builder.work, reference)


def solve_hinted(built: BuiltModel, plan: list[PlannedSession]) -> cp_model.CpSolver | None:
    """Solve with every variable fixed to its hint from ``plan``; None if that is no solution."""
    add_plan_hint(built, plan)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.fix_variables_to_their_hinted_value = True
    solver.parameters.max_deterministic_time = 20.0
    status = solver.solve(built.model)
    assert status != cp_model.UNKNOWN, "the fixed model was not decided in its work limit"
    return solver if status in (cp_model.OPTIMAL, cp_model.FEASIBLE) else None


def one_hour_for_two(pins: tuple[tuple[str, str], ...] = ()) -> Scenario:
    """t1 works 09:00-10:00: one 60-minute session fits; co1 is worth 2, co2 1."""
    b = ScenarioBuilder("hour", start=MONDAY, days=1)
    b.add_therapist("t1", specialties=["relaxing"], shifts=[(MONDAY, "09:00", "10:00")])
    b.add_room("r1", equipment=["table"])
    b.add_treatment("relax", specialty="relaxing", duration=60, equipment=["table"])
    for n, priority in ((1, 2), (2, 1)):
        b.add_client(f"c{n}")
        b.add_course(f"co{n}", f"c{n}", "relax", 1, priority=priority, needs_assessment=False)
    for course, start in pins:
        b.pin(course, 1, "t1", "r1", start)
    return b.build()
