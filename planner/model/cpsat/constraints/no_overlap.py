"""Hard rule 6: a therapist and a room serve one session at a time, turnover included."""

from __future__ import annotations

from ortools.sat.python import cp_model

from planner.model.cpsat.variables import ModelVars


def add_therapist_no_overlap(model: cp_model.CpModel, mv: ModelVars, turnover: int) -> None:
    """One optional interval per (session, therapist-day) choice, sized length + turnover.

    One NoOverlap per therapist over the whole horizon, so that a turnover running past
    midnight still keeps the next day's first session apart.
    """
    per_therapist: dict[str, list[cp_model.IntervalVar]] = {}
    for sv in mv.sessions.values():
        size = sv.spec.length + turnover
        for (therapist_id, day), lit in sv.assign.items():
            interval = model.new_optional_fixed_size_interval_var(
                sv.start, size, lit, f"ti[{sv.spec.key},{therapist_id},{day}]"
            )
            per_therapist.setdefault(therapist_id, []).append(interval)
    for intervals in per_therapist.values():
        if len(intervals) > 1:
            model.add_no_overlap(intervals)


def add_room_no_overlap(model: cp_model.CpModel, mv: ModelVars, turnover: int) -> None:
    """One optional interval per (session, room) choice, sized length + turnover."""
    per_room: dict[str, list[cp_model.IntervalVar]] = {}
    for sv in mv.sessions.values():
        size = sv.spec.length + turnover
        for room_id, lit in sv.room.items():
            interval = model.new_optional_fixed_size_interval_var(
                sv.start, size, lit, f"ri[{sv.spec.key},{room_id}]"
            )
            per_room.setdefault(room_id, []).append(interval)
    for intervals in per_room.values():
        if len(intervals) > 1:
            model.add_no_overlap(intervals)
