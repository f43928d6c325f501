"""Decision variables: one start per session, shared by its optional therapist-day and room
intervals.

A session's presence literal is the sum of its therapist-day literals; its room literals sum to
the same presence. Pinned and fixed sessions get the same variables with one-value domains, so
every rule treats them alike (the contract: pinned sessions take part in every rule).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from planner.model.prune.session_specs import SessionKey, SessionSpec, TherapistDay


@dataclass
class SessionVars:
    """The variables of one session."""

    spec: SessionSpec
    present: cp_model.IntVar
    start: cp_model.IntVar
    assign: dict[TherapistDay, cp_model.IntVar]
    room: dict[str, cp_model.IntVar]
    # present ∧ wholly inside a preferred window (only for clients with preferred rows)
    preferred_time: cp_model.IntVar | None = None

    @property
    def end(self) -> cp_model.LinearExpr:
        return self.start + self.spec.length


@dataclass
class ModelVars:
    """Every variable of a model, by session key, with the sessions grouped for the rules."""

    sessions: dict[SessionKey, SessionVars] = field(default_factory=dict)
    by_course: dict[str, list[SessionVars]] = field(default_factory=dict)
    by_client: dict[str, list[SessionVars]] = field(default_factory=dict)
    # "pin holds" literals, when pins are assumptions (to find a small conflicting set).
    pin_assumptions: dict[SessionKey, cp_model.IntVar] = field(default_factory=dict)


def _domain(values: list[int]) -> cp_model.Domain:
    return cp_model.Domain.from_values(values)


def add_session_vars(
    model: cp_model.CpModel, specs: list[SessionSpec], pins_as_assumptions: bool = False
) -> ModelVars:
    """Create the variables of ``specs`` (sessions of each course in order, a prefix)."""
    out = ModelVars()
    for spec in specs:
        name = f"{spec.course.id}#{spec.session}"
        starts = spec.starts()
        start_set = set(starts)
        present = model.new_bool_var(f"p[{name}]")
        if spec.pin is not None and pins_as_assumptions:
            holds = model.new_bool_var(f"pin[{name}]")
            model.add(present == 1).only_enforce_if(holds)
            out.pin_assumptions[spec.key] = holds
        elif spec.pin is not None:
            model.add(present == 1)
        start = model.new_int_var_from_domain(_domain(starts), f"s[{name}]")
        assign: dict[TherapistDay, cp_model.IntVar] = {}
        for key, allowed in spec.candidates.items():
            lit = model.new_bool_var(f"x[{name},{key[0]},{key[1]}]")
            assign[key] = lit
            # Compare sets, never counts: a restriction may only be left out when this
            # therapist-day allows every start the session has.
            if not start_set.issubset(allowed):
                model.add_linear_expression_in_domain(
                    start, _domain(list(allowed))
                ).only_enforce_if(lit)
        model.add(sum(assign.values()) == present)
        room: dict[str, cp_model.IntVar] = {}
        for room_id, forbidden in spec.rooms.items():
            lit = model.new_bool_var(f"y[{name},{room_id}]")
            room[room_id] = lit
            if not forbidden.isdisjoint(start_set):
                allowed_here = [s for s in starts if s not in forbidden] or [-1]
                model.add_linear_expression_in_domain(start, _domain(allowed_here)).only_enforce_if(
                    lit
                )
        model.add(sum(room.values()) == present)
        preferred_time = None
        if spec.preferred_starts is not None:
            preferred_time = model.new_bool_var(f"q[{name}]")
            model.add_implication(preferred_time, present)
            if not start_set <= spec.preferred_starts:
                model.add_linear_expression_in_domain(
                    start, _domain(sorted(spec.preferred_starts) or [-1])
                ).only_enforce_if(preferred_time)
        session = SessionVars(spec, present, start, assign, room, preferred_time)
        out.sessions[spec.key] = session
        out.by_course.setdefault(spec.course.id, []).append(session)
        out.by_client.setdefault(spec.client_id, []).append(session)
    return out
