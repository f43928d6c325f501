"""The whole scenario as one CP-SAT model, built once and searched in phases.

Phase 1 maximises a plan's scheduled value (less the cost of moving published
sessions in a re-plan) from the best plan known as a complete hint, and proves a bound on it;
phase 2 keeps that as a floor and minimises the contract's penalty. Each phase may run
several times, each time from the best plan any search of the solve has found.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ortools.sat.python import cp_model

from planner.model.cpsat.build import BuiltModel, build_model
from planner.model.cpsat.hint import add_plan_hint, extract_plan, to_sessions
from planner.model.cpsat.objective import value_less_moves
from planner.model.cpsat.run import CpsatRun, run_cpsat
from planner.model.prune.grid import Windows
from planner.model.prune.session_specs import SessionSpec, TherapistDay
from planner.model.search.budget import Stage
from planner.model.search.search_score import VALUE_SCALE
from planner.plan import PlannedSession
from planner.scenario.types import Scenario


@dataclass(frozen=True)
class PhaseOutcome:
    """A phase's best plan (None if it found none) and what it proved."""

    sessions: list[PlannedSession] | None
    proven: bool
    infeasible: bool = False
    # Proven upper bound on the scheduled value (phase 1 without a reference only).
    value_bound: int | None = None


class WholeModel:
    """One CP-SAT model over every bookable session of a scenario."""

    def __init__(
        self,
        scenario: Scenario,
        specs: Sequence[SessionSpec],
        work: dict[TherapistDay, Windows],
        reference: Sequence[PlannedSession] | None = None,
        move_cap: int | None = None,
    ) -> None:
        self.scenario = scenario
        self.reference = list(reference) if reference else None
        self.built: BuiltModel = build_model(scenario, list(specs), work, self.reference)
        moves = self.built.objective.moves
        if move_cap is not None and moves is not None:
            self.built.model.add(moves <= move_cap)

    def value_less_moves(self) -> cp_model.LinearExprT:
        """Phase 1's objective: the value in hundredths, less the cost of the moves."""
        return value_less_moves(self.built.objective, self.scenario)

    def improve_value(
        self,
        hint: Sequence[PlannedSession],
        stage: Stage,
        *,
        workers: int,
        seed: int,
        log: bool = False,
        report: Callable[[float, float], None] | None = None,
        stop_at: Callable[[], float | None] | None = None,
    ) -> PhaseOutcome:
        """Phase 1 from ``hint`` within ``stage`` (ended early at ``stop_at()``, see
        :func:`~planner.model.cpsat.run.run_cpsat`)."""
        model = self.built.model
        add_plan_hint(self.built, list(hint))
        model.maximize(self.value_less_moves())
        run = run_cpsat(
            model, stage, workers=workers, seed=seed, log=log, report=report, stop_at=stop_at
        )
        if run.infeasible:
            return PhaseOutcome(None, proven=True, infeasible=True)
        bound = None
        if self.reference is None and run.found:
            # Only a search that found a plan reports a meaningful objective bound.
            bound = int(run.bound + 1e-6) // VALUE_SCALE
        return PhaseOutcome(self._sessions(run), proven=run.proven, value_bound=bound)

    def improve_penalty(
        self,
        hint: Sequence[PlannedSession],
        floor: int,
        stage: Stage,
        *,
        workers: int,
        seed: int,
        log: bool = False,
    ) -> PhaseOutcome:
        """Phase 2: value less moves at least ``floor`` (that of ``hint``), the lowest penalty."""
        model = self.built.model.clone()
        built = BuiltModel(model, self.built.vars, self.built.objective)
        add_plan_hint(built, list(hint))
        # The clone shares variable indices with the original, so the original's expressions
        # name the clone's variables too.
        model.add(self.value_less_moves() >= floor)
        model.minimize(self.built.objective.penalty())
        run = run_cpsat(model, stage, workers=workers, seed=seed, log=log)
        return PhaseOutcome(self._sessions(run), proven=run.proven)

    def _sessions(self, run: CpsatRun) -> list[PlannedSession] | None:
        if not run.found:
            return None
        return to_sessions(self.scenario, extract_plan(self.built, run.solver))
