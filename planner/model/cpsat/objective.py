"""The contract's score as CP-SAT expressions: scheduled value, and the penalty by soft goal."""

from __future__ import annotations

from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from planner.model.cpsat.variables import ModelVars
from planner.model.search.search_score import VALUE_SCALE, move_cost
from planner.plan import PlannedSession
from planner.scenario.timeaxis import day_index
from planner.scenario.types import Scenario

LinearExpr = cp_model.LinearExprT


@dataclass
class Objective:
    """Value and penalty parts; ``uses`` are the course-uses-therapist literals (continuity);
    ``keep`` the literals "reference session kept as it was"; ``moves`` counts the reference
    sessions not kept (None without a reference)."""

    value: LinearExpr
    parts: dict[str, LinearExpr]
    weights: dict[str, int]
    uses: dict[tuple[str, str], cp_model.IntVar] = field(default_factory=dict)
    keep: dict[tuple[str, int], tuple[cp_model.IntVar, PlannedSession]] = field(
        default_factory=dict
    )
    moves: LinearExpr | None = None

    def penalty(self) -> LinearExpr:
        """The contract's weighted penalty."""
        return sum(self.weights[name] * expr for name, expr in self.parts.items())


def _continuity(model: cp_model.CpModel, mv: ModelVars, obj: Objective) -> LinearExpr:
    total: list[LinearExpr] = []
    for course_id, sessions in mv.by_course.items():
        therapists = sorted({t for sv in sessions for (t, _) in sv.assign})
        if len(sessions) < 2 or len(therapists) < 2:
            continue
        uses = {}
        for therapist_id in therapists:
            lit = model.new_bool_var(f"u[{course_id},{therapist_id}]")
            uses[therapist_id] = lit
            obj.uses[(course_id, therapist_id)] = lit
        # Aggregated per session (not one implication per choice): the LP relaxation then
        # knows each booked session needs a therapist the course "uses", which keeps the
        # penalty's bound from going negative.
        for sv in sessions:
            per_therapist: dict[str, list[cp_model.IntVar]] = {}
            for (therapist_id, _), x in sv.assign.items():
                per_therapist.setdefault(therapist_id, []).append(x)
            for therapist_id, xs in per_therapist.items():
                model.add(sum(xs) <= uses[therapist_id])
        model.add(sum(uses.values()) >= sessions[0].present)
        # distinct therapists - 1 when any session is booked (then session 1 is).
        total.append(sum(uses.values()) - sessions[0].present)
    return sum(total)


def _preferred_therapist(mv: ModelVars, scenario: Scenario) -> LinearExpr:
    total: list[LinearExpr] = []
    for sessions in mv.by_course.values():
        preferred = sessions[0].spec.course.preferred_therapist
        if preferred is None or preferred not in scenario.therapist_by_id:
            continue
        for sv in sessions:
            given = [x for (t, _), x in sv.assign.items() if t == preferred]
            total.append(sv.present - sum(given))
    return sum(total)


def _preferred_time(mv: ModelVars) -> LinearExpr:
    return sum(
        sv.present - sv.preferred_time
        for sv in mv.sessions.values()
        if sv.preferred_time is not None
    )


def _stability(
    model: cp_model.CpModel, mv: ModelVars, reference: list[PlannedSession], obj: Objective
) -> LinearExpr:
    """Number of reference sessions not kept exactly (therapist, room, start)."""
    moved: list[LinearExpr] = []
    for ref in reference:
        sv = mv.sessions.get((ref.course_id, ref.session))
        x = None if sv is None else sv.assign.get((ref.therapist_id, day_index(ref.start)))
        y = None if sv is None else sv.room.get(ref.room_id)
        if sv is None or x is None or y is None or ref.start not in sv.spec.starts():
            moved.append(1)
            continue
        keep = model.new_bool_var(f"k[{ref.course_id}#{ref.session}]")
        model.add_implication(keep, x)
        model.add_implication(keep, y)
        model.add(sv.start == ref.start).only_enforce_if(keep)
        obj.keep[(ref.course_id, ref.session)] = (keep, ref)
        moved.append(1 - keep)
    return sum(moved)


def build_objective(
    model: cp_model.CpModel,
    mv: ModelVars,
    scenario: Scenario,
    reference: list[PlannedSession] | None,
) -> Objective:
    """Expressions for the lexicographic score; the caller decides how to optimise them."""
    weights = scenario.settings.weights
    obj = Objective(
        value=sum(sv.spec.priority * sv.present for sv in mv.sessions.values()),
        parts={},
        weights={
            "continuity": weights.continuity,
            "preferred_therapist": weights.preferred_therapist,
            "preferred_time": weights.preferred_time,
        },
    )
    obj.parts["continuity"] = _continuity(model, mv, obj)
    obj.parts["preferred_therapist"] = _preferred_therapist(mv, scenario)
    obj.parts["preferred_time"] = _preferred_time(mv)
    if reference:
        obj.moves = _stability(model, mv, reference, obj)
    return obj


def value_less_moves(objective: Objective, scenario: Scenario) -> LinearExpr:
    """The first level of the search's score: the value in hundredths, less the cost of moving
    reference sessions (see :mod:`planner.model.search.search_score`)."""
    if objective.moves is None:
        return cp_model.LinearExpr.weighted_sum([objective.value], [VALUE_SCALE])
    return cp_model.LinearExpr.weighted_sum(
        [objective.value, objective.moves], [VALUE_SCALE, -move_cost(scenario)]
    )
