"""The task a solver child runs: :func:`planner.isolated.solve` in the child, in its process.

Imported by the parent too (the task is pickled by name), so the solver is imported inside the
function only: the parent never loads CP-SAT.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from planner.isolated.child import Context
    from planner.model import SolveOptions
    from planner.plan.result import Result
    from planner.scenario.types import Scenario


@dataclass(frozen=True)
class SolveTask:
    """One solve as it travels to the child process.

    Parameters
    ----------
    scenario
        The scenario to plan.
    options
        Its solve options without their ``progress`` callback and ``stop`` event, which can't
        travel to another process (the child makes its own of both).
    progress
        Send the search's progress to the parent.
    deadline
        As in :func:`planner.isolated.solve`: turned into the time limit when the search
        starts in the child, so that starting the child counts against it.
    """

    scenario: Scenario
    options: SolveOptions
    progress: bool = False
    deadline: float | None = None


def solve_task(task: SolveTask, context: Context) -> Result:
    """Run the one solve of ``task`` in this (child) process, stopping on ``context.stop``."""
    # Looked up when called, so that a test's patch of ``planner.isolated.solve`` in the child
    # sees every solve that runs there.
    import planner.isolated

    options = replace(
        task.options,
        progress=context.progress if task.progress else None,
        stop=context.stop,
    )
    return planner.isolated.solve(task.scenario, options, deadline=task.deadline)
