"""Redundant capacity cuts: what a therapist-day can hold, in minutes.

NoOverlap alone gives CP-SAT no capacity reasoning: where sessions of mixed lengths compete for a
few therapists' days (a knapsack per therapist-day) its bound stays at the sum of all
priorities. Booked minutes plus turnover can't exceed the day's usable time plus one turnover
per shift piece (the last turnover may run past the piece's end); this gives the solver a bound
and a reason to trade long sessions for short ones. It removes no valid plan.
"""

from __future__ import annotations

from ortools.sat.python import cp_model

from planner.model.cpsat.variables import ModelVars
from planner.model.prune.day_capacity import count_capacity, room_day_pieces, union_capacity
from planner.model.prune.grid import Windows
from planner.model.prune.session_specs import TherapistDay
from planner.scenario.types import Scenario


def add_capacity_cuts(
    model: cp_model.CpModel, mv: ModelVars, work: dict[TherapistDay, Windows], turnover: int
) -> None:
    """Per therapist-day: the booked minutes fit the day's shift pieces, and so does the
    number of sessions, counted with the shortest one that could come (a count the minutes
    alone leave fractional: 495 minutes hold six 75-minute sessions, not 6.6)."""
    terms: dict[TherapistDay, list[tuple[cp_model.IntVar, int]]] = {}
    for sv in mv.sessions.values():
        for key, lit in sv.assign.items():
            terms.setdefault(key, []).append((lit, sv.spec.length + turnover))
    for key, items in terms.items():
        windows = work.get(key, [])
        capacity = union_capacity(windows, turnover)
        if sum(size for _, size in items) > capacity:
            model.add(sum(lit * size for lit, size in items) <= capacity)
        shortest = min(size for _, size in items) - turnover
        count = count_capacity(windows, turnover, shortest)
        if len(items) > count:
            model.add(sum(lit for lit, _ in items) <= count)


def add_room_capacity_cuts(
    model: cp_model.CpModel, mv: ModelVars, scenario: Scenario, turnover: int
) -> None:
    """Per day and per set of needed equipment: the sessions needing it fit the rooms having
    it, in minutes and in number (counted with the shortest such session).

    Rooms are the bottleneck as often as therapists (a spa has one lymph-drainage room), and
    the room NoOverlaps give the LP no such reasoning either.
    """
    per_class: dict[tuple[frozenset[str], int], list[tuple[cp_model.IntVar, int]]] = {}
    for sv in mv.sessions.values():
        needs = scenario.treatment_of(sv.spec.course).equipment
        for (_, day), lit in sv.assign.items():
            per_class.setdefault((needs, day), []).append((lit, sv.spec.length))
    pieces: dict[tuple[str, int], Windows] = {}
    for (needs, day), items in per_class.items():
        rooms = [room.id for room in scenario.rooms if needs <= room.equipment]
        for room_id in rooms:
            if (room_id, day) not in pieces:
                pieces[(room_id, day)] = room_day_pieces(scenario, room_id, day)
        minutes = sum(union_capacity(pieces[(r, day)], turnover) for r in rooms)
        if sum(length + turnover for _, length in items) > minutes:
            model.add(sum(lit * (length + turnover) for lit, length in items) <= minutes)
        shortest = min(length for _, length in items)
        count = sum(count_capacity(pieces[(r, day)], turnover, shortest) for r in rooms)
        if len(items) > count:
            model.add(sum(lit for lit, _ in items) <= count)
