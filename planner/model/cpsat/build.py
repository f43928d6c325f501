"""Assembles the CP-SAT model: variables, each rule family, then the objective, in a fixed order."""

from __future__ import annotations

from dataclasses import dataclass

from ortools.sat.python import cp_model

from planner.model.cpsat.constraints.capacity_cuts import add_capacity_cuts, add_room_capacity_cuts
from planner.model.cpsat.constraints.client_rules import add_client_rules
from planner.model.cpsat.constraints.course_rules import add_course_rules
from planner.model.cpsat.constraints.no_overlap import add_room_no_overlap, add_therapist_no_overlap
from planner.model.cpsat.constraints.therapist_limits import add_therapist_limits
from planner.model.cpsat.objective import Objective, build_objective
from planner.model.cpsat.variables import ModelVars, add_session_vars
from planner.model.prune.grid import Windows
from planner.model.prune.session_specs import SessionSpec, TherapistDay
from planner.plan import PlannedSession
from planner.scenario.types import Scenario


@dataclass
class BuiltModel:
    """A CP-SAT model with handles on its variables and score expressions."""

    model: cp_model.CpModel
    vars: ModelVars
    objective: Objective


def build_model(
    scenario: Scenario,
    specs: list[SessionSpec],
    work: dict[TherapistDay, Windows],
    reference: list[PlannedSession] | None = None,
    pins_as_assumptions: bool = False,
) -> BuiltModel:
    """Build the model over ``specs`` (for each course, a prefix of its sessions in order).

    Parameters
    ----------
    scenario
        The scenario (settings, limits, gaps).
    specs
        Sessions to decide, each with its pruned choices; pinned sessions have one choice.
    work
        Usable working windows per therapist-day, for the capacity cuts.
    reference
        A published plan whose sessions cost ``weights.stability`` to move.
    pins_as_assumptions
        Enforce pins only through assumption literals (``vars.pin_assumptions``), so that an
        infeasible model can name a small set of pins that clash.
    """
    settings = scenario.settings
    model = cp_model.CpModel()
    mv = add_session_vars(model, specs, pins_as_assumptions)
    add_therapist_no_overlap(model, mv, settings.turnover_minutes)
    add_room_no_overlap(model, mv, settings.turnover_minutes)
    add_client_rules(model, mv, settings.client_max_sessions_per_day)
    add_course_rules(model, mv, scenario)
    add_therapist_limits(model, mv, scenario)
    add_capacity_cuts(model, mv, work, settings.turnover_minutes)
    add_room_capacity_cuts(model, mv, scenario, settings.turnover_minutes)
    objective = build_objective(model, mv, scenario, reference)
    return BuiltModel(model, mv, objective)
