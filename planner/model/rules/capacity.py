"""Redundant capacity cuts: what a therapist-day can hold, in minutes.

NoOverlap alone gives CP-SAT no capacity reasoning: where sessions of mixed lengths compete for a
few therapists' days (a knapsack per therapist-day) its bound stays at the sum of all priorities
(SOLVER_NOTES). Booked minutes plus turnover can't exceed the day's usable time plus one turnover
per shift piece (the last turnover may run past the piece's end); this gives the solver a bound
and a reason to trade long sessions for short ones. It removes no valid plan.
"""

from __future__ import annotations

from ortools.sat.python import cp_model

from planner.model.candidates import TherapistDay, Windows
from planner.model.variables import ModelVars


def add_capacity_cuts(
    model: cp_model.CpModel, mv: ModelVars, work: dict[TherapistDay, Windows], turnover: int
) -> None:
    terms: dict[TherapistDay, list[tuple[cp_model.IntVar, int]]] = {}
    for sv in mv.sessions.values():
        if sv.spec.pin is not None:
            continue  # a pin may sit outside today's usable windows only if it is invalid
        for key, lit in sv.assign.items():
            terms.setdefault(key, []).append((lit, sv.spec.length + turnover))
    for key, items in terms.items():
        windows = work.get(key, [])
        capacity = sum(hi - lo + turnover for lo, hi in windows)
        if sum(size for _, size in items) > capacity:
            model.add(sum(lit * size for lit, size in items) <= capacity)
