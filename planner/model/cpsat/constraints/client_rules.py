"""Hard rule 7: a client is in one session at a time, and has at most N sessions a day."""

from __future__ import annotations

from ortools.sat.python import cp_model

from planner.model.cpsat.variables import ModelVars


def add_client_rules(model: cp_model.CpModel, mv: ModelVars, max_per_day: int) -> None:
    for sessions in mv.by_client.values():
        per_day: dict[int, list[cp_model.IntVar]] = {}
        for sv in sessions:
            for (_, day), lit in sv.assign.items():
                per_day.setdefault(day, []).append(lit)
        for lits in per_day.values():
            if len(lits) > max_per_day:
                model.add(sum(lits) <= max_per_day)
        # With one session a day, sessions of a client can never overlap (none crosses
        # midnight), so the intervals would only slow the search down.
        if max_per_day > 1 and len(sessions) > 1:
            model.add_no_overlap(
                [
                    model.new_optional_fixed_size_interval_var(
                        sv.start, sv.spec.length, sv.present, f"ci[{sv.spec.key}]"
                    )
                    for sv in sessions
                ]
            )
