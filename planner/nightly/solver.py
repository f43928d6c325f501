"""The nightly run's solve: :func:`planner.isolated.solve` in a child process, so that a solver
crash ends only the solve.

A crash (say, SIGSEGV inside CP-SAT) is logged and told in the manager's words; nothing is
published, the previous plan stays, and the run exits with its own code (6) for cron.
"""

from __future__ import annotations

import threading
import time
from dataclasses import replace

import planner.isolated
from planner import exitcodes
from planner.isolated import SolveChild, SolverCrashed, signal_name
from planner.model import SolveOptions
from planner.nightly.failure import NightlyFailure
from planner.nightly.freeze import Freeze
from planner.nightly.logs import log
from planner.plan.result import Result, Status
from planner.scenario.types import Scenario


def _started(child: SolveChild) -> None:
    log.info("solver process %d started", child.pid)


def _crashed(crash: SolverCrashed) -> NightlyFailure:
    if crash.signal is not None:
        log.error(
            "the solver crashed: its process died of %s; nothing published",
            signal_name(crash.signal),
        )
    else:
        log.error(
            "the solver process exited with code %s without a plan; nothing published",
            crash.exit_code,
        )
    return NightlyFailure(
        exitcodes.CRASHED, f"{crash}; nothing was published and the previous plan stays published"
    )


def solve_frozen(
    scenario: Scenario,
    freeze: Freeze,
    options: SolveOptions,
    has_reference: bool,
    stop: threading.Event | None = None,
) -> Result:
    """Solve ``scenario`` (the frozen scenario of a nightly run) in a child process.

    Raises
    ------
    NightlyFailure
        6 the solver crashed, 5 its plan broke a hard rule, 3 no plan possible.
    """
    options = replace(options, stop=stop)
    if has_reference:
        options = replace(options, reference=freeze.reference)
    started = time.perf_counter()
    try:
        result = planner.isolated.solve(scenario, options, isolated=True, on_start=_started)
    except SolverCrashed as crash:
        raise _crashed(crash) from None
    log.info(
        "solve: status %s, %d session(s) in %.1f s%s",
        result.status.value,
        result.sessions_scheduled,
        time.perf_counter() - started,
        " (stopped early by a signal)" if result.interrupted else "",
    )
    if result.repaired:
        log.error(
            "the solver's plan broke hard rules at %d session(s); nothing published",
            len(result.repaired),
        )
        raise NightlyFailure(
            exitcodes.REPAIRED,
            f"the solver's plan broke hard rules at {len(result.repaired)} session(s) (a solver "
            "defect); nothing was published and the previous plan stays",
        )
    if result.status in (Status.INFEASIBLE, Status.UNKNOWN):
        raise NightlyFailure(
            exitcodes.NO_PLAN,
            f"no plan possible (solver status {result.status.value}); the published plan stays",
        )
    return result
