"""The one solve of the library (:func:`solve`), in this process or in a child process.

Every caller plans a scenario through :func:`solve`: ``planner.solve`` (the public API, and
through it ``planner solve``), the nightly re-plan, what-if variants and batches (each job's
child process, locally or on a Dask worker) and the advice's verifying solves. It runs the
model's search, then the independent checker on its plan (:func:`planner.solving.solve_checked`),
either here or, with ``isolated=True``, in a child process of its own.

Why a child process: CP-SAT is native code; a defect in it (a SIGSEGV was once seen in a 120 s
benchmark solve) or the kernel's out-of-memory killer ends the process it runs in. The commands
therefore solve in a child process of their own, one direct child per solve, never retried: the
command stays alive to say what happened (:class:`SolverCrashed`), keep what was published, and
exit with a code of its own. The scenario and the options travel to the child by pickle and the
:class:`planner.plan.Result` comes back the same way; the search's
:class:`~planner.model.Progress` comes over the same pipe. SIGINT / SIGTERM sent to the command
are forwarded, and the child answers with its best plan (:func:`stop_on_signals`).

The parent side of an isolated solve never loads CP-SAT: of the model it imports only the
light types of :class:`~planner.model.SolveOptions` and :class:`~planner.model.Progress`.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from planner.isolated.process import SolveChild
from planner.isolated.protocol import SolverCrashed, SolverFailed, signal_name
from planner.isolated.signals import stop_on_signals
from planner.isolated.tasks import SolveTask, solve_task
from planner.model import SolveOptions

if TYPE_CHECKING:
    from planner.plan.result import Result
    from planner.scenario.types import Scenario


def solve(
    scenario: Scenario,
    options: SolveOptions | None = None,
    *,
    isolated: bool = False,
    deadline: float | None = None,
    on_start: Callable[[SolveChild], None] | None = None,
) -> Result:
    """Plan ``scenario``, its plan checked by the independent checker before it returns.

    The one solve every caller goes through (see the module); ``planner.solve`` is its public
    face.

    Parameters
    ----------
    scenario
        The scenario to plan.
    options
        How to solve it; its ``progress`` callback is called in this process, and setting its
        ``stop`` event ends the search early with the best plan found so far.
    isolated
        Solve in a child process of its own (:class:`SolveChild`), so that a crash of the
        native solver can't take this process with it; CP-SAT is then never loaded here.
    deadline
        A moment (``time.time()``) by which the whole solve must be done: the search gets
        what is left of it when it starts, so that starting a child and loading the solver
        count against it (not in deterministic mode, whose limit is work, not seconds).
    on_start
        With ``isolated``: called with the child once it is started (to log its process id).

    Returns
    -------
    Result
        The checked plan (see :func:`planner.solving.checked`).

    Raises
    ------
    SolverCrashed
        With ``isolated``, if the child died without an answer (e.g. SIGSEGV or SIGKILL); not
        retried.
    SolverFailed
        With ``isolated``, if the solve raised an exception in the child.
    """
    options = options or SolveOptions()
    if isolated:
        return _solve_in_child(scenario, options, deadline, on_start)
    from planner.solving import solve_checked

    return solve_checked(scenario, replace(options, time_limit=_limit_at(options, deadline)))


def _limit_at(options: SolveOptions, deadline: float | None) -> float | None:
    """The time limit of a search that starts now and must end by ``deadline``."""
    if deadline is None or options.deterministic:
        return options.time_limit
    return max(0.1, deadline - time.time())


def _solve_in_child(
    scenario: Scenario,
    options: SolveOptions,
    deadline: float | None,
    on_start: Callable[[SolveChild], None] | None,
) -> Result:
    """:func:`solve` in a child process: the callback and the stop event stay here."""
    travelling = replace(options, progress=None, stop=None)
    task = SolveTask(scenario, travelling, options.progress is not None, deadline)
    child = SolveChild(solve_task, task, options.progress)
    if on_start is not None:
        on_start(child)
    stop = options.stop

    def forward_stop() -> None:
        if stop is not None and stop.is_set():
            child.stop()

    forward_stop()
    answer: Result = child.wait_answer(forward_stop)
    return answer


__all__ = [
    "SolveChild",
    "SolveTask",
    "SolverCrashed",
    "SolverFailed",
    "signal_name",
    "solve",
    "solve_task",
    "stop_on_signals",
]
