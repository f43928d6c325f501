"""The task a solver child runs: the checked solve of :func:`planner.solving.solve_checked`.

Imported by the parent too (the task is pickled by name), so the solver is imported inside the
function only: the parent never loads CP-SAT.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from planner.isolated.protocol import Snapshot, SolveSpec

if TYPE_CHECKING:
    from planner.isolated.child import Context
    from planner.model import Progress
    from planner.plan.result import Result
    from planner.scenario.types import Scenario


@dataclass(frozen=True)
class SolveTask:
    """A scenario and how to solve it; ``progress``: send progress snapshots to the parent."""

    scenario: Scenario
    spec: SolveSpec
    progress: bool = False


def solve_task(task: SolveTask, context: Context) -> Result:
    """Run the checked solve of ``task`` in this (child) process, stopping on ``context.stop``."""
    from planner.model import SolveOptions
    from planner.solving import solve_checked

    def report(progress: Progress) -> None:
        context.progress(
            Snapshot(
                progress.elapsed,
                progress.time_limit,
                progress.scheduled_value,
                progress.penalty,
                progress.bound,
            )
        )

    spec = task.spec
    options = SolveOptions(
        time_limit=spec.limit_now(),
        workers=spec.workers,
        seed=spec.seed,
        log=spec.log,
        reference=spec.reference,
        progress=report if task.progress else None,
        deterministic=spec.deterministic,
        stop=context.stop,
    )
    return solve_checked(task.scenario, options)
