"""The contract's score as CP-SAT expressions: scheduled value, and the penalty by soft goal."""

from __future__ import annotations

from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from planner.model.variables import ModelVars
from planner.plan import PlannedSession
from planner.scenario.timeaxis import day_index
from planner.scenario.types import Scenario

LinearExpr = cp_model.LinearExprT


@dataclass
class Objective:
    """Value and penalty parts; ``uses`` are the course-uses-therapist literals (continuity);
    ``keep`` the literals "reference session kept as it was" (stability)."""

    value: LinearExpr
    parts: dict[str, LinearExpr]
    weights: dict[str, int]
    uses: dict[tuple[str, str], cp_model.IntVar] = field(default_factory=dict)
    keep: dict[tuple[str, int], tuple[cp_model.IntVar, PlannedSession]] = field(
        default_factory=dict
    )

    def penalty(self, with_stability: bool = True) -> LinearExpr:
        """Weighted penalty; without stability it is exactly the contract's penalty."""
        return sum(
            self.weights[name] * expr
            for name, expr in self.parts.items()
            if with_stability or name != "stability"
        )


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
        for sv in sessions:
            for (therapist_id, _), x in sv.assign.items():
                model.add_implication(x, uses[therapist_id])
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
    return sum(sv.present - sv.preferred_time for sv in mv.sessions.values() if sv.preferred_time is not None)


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
            "stability": weights.stability,
        },
    )
    obj.parts["continuity"] = _continuity(model, mv, obj)
    obj.parts["preferred_therapist"] = _preferred_therapist(mv, scenario)
    obj.parts["preferred_time"] = _preferred_time(mv)
    if reference:
        obj.parts["stability"] = _stability(model, mv, reference, obj)
    return obj
