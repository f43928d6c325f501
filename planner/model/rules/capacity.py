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
from planner.scenario.types import Scenario


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


def _room_day_capacity(scenario: Scenario, room_id: str, day: int, turnover: int) -> int:
    """Usable minutes of a room on a day: opening hours less closures, plus a turnover a piece."""
    hours = scenario.settings.opening(day)
    if hours is None:
        return 0
    pieces = [hours]
    for closure in scenario.closures_by_room.get(room_id, ()):
        cut = []
        for lo, hi in pieces:
            if closure.end <= lo or closure.start >= hi:
                cut.append((lo, hi))
                continue
            if lo < closure.start:
                cut.append((lo, closure.start))
            if closure.end < hi:
                cut.append((closure.end, hi))
        pieces = cut
    return sum(hi - lo + turnover for lo, hi in pieces)


def add_room_capacity_cuts(
    model: cp_model.CpModel, mv: ModelVars, scenario: Scenario, turnover: int
) -> None:
    """Per day and per set of needed equipment: the sessions needing it fit the rooms having it.

    Rooms are the bottleneck as often as therapists (a spa has one lymph-drainage room), and
    the room NoOverlaps give the LP no such reasoning either.
    """
    per_class: dict[tuple[frozenset[str], int], list[tuple[cp_model.IntVar, int]]] = {}
    for sv in mv.sessions.values():
        needs = scenario.treatment_of(sv.spec.course).equipment
        for (_, day), lit in sv.assign.items():
            per_class.setdefault((needs, day), []).append((lit, sv.spec.length + turnover))
    capacity_cache: dict[tuple[str, int], int] = {}
    for (needs, day), items in per_class.items():
        capacity = 0
        for room in scenario.rooms:
            if needs <= room.equipment:
                key = (room.id, day)
                if key not in capacity_cache:
                    capacity_cache[key] = _room_day_capacity(scenario, room.id, day, turnover)
                capacity += capacity_cache[key]
        if sum(size for _, size in items) > capacity:
            model.add(sum(lit * size for lit, size in items) <= capacity)
