"""Solves in a child process: a solver crash never takes the command with it.

CP-SAT is native code; a defect in it (a SIGSEGV was once seen in a 120 s benchmark solve) or
the kernel's out-of-memory killer ends the process it runs in. Every command's solve therefore
runs in a child process of its own, one direct child per solve, never retried: the command
stays alive to say what happened (:class:`SolverCrashed`), keep what was published, and exit
with a code of its own. The scenario and the options travel to the child by pickle and the
:class:`planner.plan.Result` comes back the same way; progress snapshots come over the same
pipe. SIGINT / SIGTERM sent to the command are forwarded, and the child answers with its best
plan (:func:`stop_on_signals`).

The parent side imports neither CP-SAT nor the model: only the child does.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from planner.isolated.process import SolveChild
from planner.isolated.protocol import (
    Snapshot,
    SolverCrashed,
    SolverFailed,
    SolveSpec,
    signal_name,
)
from planner.isolated.signals import stop_on_signals
from planner.isolated.tasks import SolveTask, solve_task

if TYPE_CHECKING:
    from planner.plan.result import Result
    from planner.scenario.types import Scenario


def solve_isolated(
    scenario: Scenario,
    spec: SolveSpec,
    *,
    progress: Callable[[Snapshot], None] | None = None,
    stop: threading.Event | None = None,
    on_start: Callable[[SolveChild], None] | None = None,
) -> Result:
    """:func:`planner.solving.solve_checked` in a child process.

    Parameters
    ----------
    scenario
        The scenario to plan.
    spec
        How to solve it.
    progress
        Called in this process with each progress snapshot of the search.
    stop
        Set it (e.g. with :func:`stop_on_signals`) to end the search early; the child's best
        plan is returned.
    on_start
        Called with the child once it is started (to log its process id).

    Raises
    ------
    SolverCrashed
        If the child died without an answer (e.g. SIGSEGV or SIGKILL); not retried.
    SolverFailed
        If the solve raised an exception in the child.
    """
    child = SolveChild(solve_task, SolveTask(scenario, spec, progress is not None), progress)
    if on_start is not None:
        on_start(child)

    def forward_stop() -> None:
        if stop is not None and stop.is_set():
            child.stop()

    forward_stop()
    answer: Result = child.wait_answer(forward_stop)
    return answer


__all__ = [
    "Snapshot",
    "SolveChild",
    "SolveSpec",
    "SolveTask",
    "SolverCrashed",
    "SolverFailed",
    "signal_name",
    "solve_isolated",
    "solve_task",
    "stop_on_signals",
]
