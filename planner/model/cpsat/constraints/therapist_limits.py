"""Hard rule 10: a therapist's sessions a day, deep sessions a day and minutes a week."""

from __future__ import annotations

from ortools.sat.python import cp_model

from planner.model.cpsat.variables import ModelVars
from planner.scenario.types import Scenario


def add_therapist_limits(model: cp_model.CpModel, mv: ModelVars, scenario: Scenario) -> None:
    per_day: dict[tuple[str, int], list[cp_model.IntVar]] = {}
    deep_per_day: dict[tuple[str, int], list[cp_model.IntVar]] = {}
    week_minutes: dict[tuple[str, int], list[tuple[cp_model.IntVar, int]]] = {}
    first_weekday = scenario.settings.start.weekday()
    for sv in mv.sessions.values():
        for (therapist_id, day), lit in sv.assign.items():
            per_day.setdefault((therapist_id, day), []).append(lit)
            if sv.spec.deep:
                deep_per_day.setdefault((therapist_id, day), []).append(lit)
            week = (first_weekday + day) // 7
            week_minutes.setdefault((therapist_id, week), []).append((lit, sv.spec.length))
    therapists = scenario.therapist_by_id
    for (therapist_id, _), lits in per_day.items():
        limit = therapists[therapist_id].max_sessions_per_day
        if len(lits) > limit:
            model.add(sum(lits) <= limit)
    for (therapist_id, _), lits in deep_per_day.items():
        deep_limit = therapists[therapist_id].max_deep_per_day
        if deep_limit is not None and len(lits) > deep_limit:
            model.add(sum(lits) <= deep_limit)
    for (therapist_id, _), terms in week_minutes.items():
        minutes = therapists[therapist_id].max_minutes_per_week
        if minutes is not None and sum(length for _, length in terms) > minutes:
            model.add(sum(lit * length for lit, length in terms) <= minutes)
