"""Which pinned sessions make a plan impossible, found with CP-SAT assumptions."""

from __future__ import annotations

from ortools.sat.python import cp_model

from planner.model.cpsat.build import build_model
from planner.model.prune.session_specs import CandidateBuilder, bookable_prefix
from planner.scenario.errors import pin_rows
from planner.scenario.timeaxis import format_datetime
from planner.scenario.types import Scenario


def conflicting_pins(scenario: Scenario, time_limit: float = 20.0) -> list[tuple[str, int]]:
    """A small set of pinned sessions (course_id, session) that can't all hold together.

    Parameters
    ----------
    scenario
        A validated scenario with pins.
    time_limit
        Seconds the CP-SAT search for a conflict may take.

    Returns
    -------
    list[tuple[str, int]]
        Sorted (course id, session) of the clashing pins: the pins whose earlier sessions
        can't be booked at all, if there are any, else a set that CP-SAT found infeasible
        together (small, not necessarily minimal). Empty when the pins are compatible or the
        search ran out of time.
    """
    builder = CandidateBuilder(scenario)
    in_model = [s for c in scenario.courses for s in bookable_prefix(builder.course_specs(c))]
    keys = {s.key for s in in_model}
    unreachable = [
        (p.course_id, p.session) for p in scenario.pins if (p.course_id, p.session) not in keys
    ]
    if unreachable:
        return unreachable
    built = build_model(scenario, in_model, builder.work, pins_as_assumptions=True)
    literals = built.vars.pin_assumptions
    built.model.add_assumptions(list(literals.values()))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = time_limit
    if solver.solve(built.model) != cp_model.INFEASIBLE:
        return []
    core = set(solver.sufficient_assumptions_for_infeasibility())
    return sorted(key for key, lit in literals.items() if lit.index in core)


def describe_conflict(scenario: Scenario) -> str:
    """A manager's sentence naming the pinned sessions that clash (pinned.csv rows).

    Parameters
    ----------
    scenario
        A scenario whose pins admit no plan.

    Returns
    -------
    str
        Each clashing pin with its therapist, room, start and ``pinned.csv`` row, and the
        rules they break; a general sentence when :func:`conflicting_pins` finds none.
    """
    keys = conflicting_pins(scenario)
    if not keys:
        return "the pinned sessions can't all be kept together with the other rules."
    start = scenario.settings.start
    pins = {(p.course_id, p.session): p for p in scenario.pins}
    rows = pin_rows(scenario.pins)
    named = []
    for key in keys:
        pin = pins[key]
        named.append(
            f"course {key[0]} session {key[1]} with {pin.therapist_id} in {pin.room_id} at "
            f"{format_datetime(start, pin.start)} (pinned.csv row {rows[key]})"
        )
    rule = (
        "its earlier sessions can't be booked before it (order and recovery gaps, hard rule 8)"
        if len(keys) == 1
        else "together they break the overlap, gap or therapist-limit rules (hard rules 6–10)"
    )
    return "these pinned sessions can't all be kept: " + "; ".join(named) + f" — {rule}."
