"""The API's core: scenarios in, checked plans out, output folders written and read."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from planner.model import Progress
from planner.plan.folder import OUTPUT_FILES, PlanBundle
from planner.plan.result import Result
from planner.plan.types import Plan, PlannedSession
from planner.scenario.errors import ScenarioError

if TYPE_CHECKING:
    from planner.check.report import CheckReport
    from planner.plan.types import UnscheduledSession
    from planner.scenario.errors import Problem
    from planner.scenario.types import Scenario

__all__ = [
    "PlanLike",
    "Progress",
    "check_plan",
    "explain",
    "load_scenario",
    "read_plan_folder",
    "sessions_of",
    "solve",
    "validate",
    "write_plan_folder",
]

PlanLike = Plan | Result | PlanBundle | Sequence[PlannedSession]
"""Anything that holds a plan's sessions: a ``Plan``, a solve's ``Result``, an
output folder's ``PlanBundle``, or the sessions themselves."""


def sessions_of(plan: PlanLike) -> tuple[PlannedSession, ...]:
    """The planned sessions of anything that holds a plan."""
    if isinstance(plan, Result):
        return plan.plan.sessions
    if isinstance(plan, Plan | PlanBundle):
        return tuple(plan.sessions)
    return tuple(plan)


def load_scenario(
    folder: Path | str, *, today: date | None = None
) -> tuple[Scenario, list[Problem]]:
    """Load a scenario folder and validate it, its pinned sessions checked too.

    Parameters
    ----------
    folder
        A scenario folder as ``docs/SCENARIO_FORMAT.md`` describes it.
    today
        Today's date, for the default horizon start; the real date when None.

    Returns
    -------
    tuple[Scenario, list[Problem]]
        The scenario and the warnings found (each with file, row and column).

    Raises
    ------
    ScenarioError
        If the folder has any error; its ``problems`` list every error and warning found.

    Examples
    --------
    >>> scenario, warnings = load_scenario("scenarios/demo-week")  # doctest: +SKIP
    """
    from planner.check.pin_check import load_checked_scenario

    return load_checked_scenario(folder, today=today)


def validate(scenario: Scenario) -> list[Problem]:
    """Every problem of a scenario held in memory (built in Python or changed from a loaded one).

    Parameters
    ----------
    scenario
        The scenario to validate.

    Returns
    -------
    list[Problem]
        Errors and warnings; empty for a valid scenario. The same checks as loading a folder
        runs (references between files, courses, pins against the hard rules, ...), each
        problem named with the file, the row and the subject it would have in the folder that
        :func:`planner.scenario.write.write_scenario_folder` writes.
    """
    from planner.check import settle_scenario

    try:
        _, warnings = settle_scenario(scenario)
    except ScenarioError as error:
        return list(error.problems)
    return list(warnings)


def solve(
    scenario: Scenario,
    *,
    time_limit: float | None = None,
    workers: int = 2,
    seed: int = 0,
    deterministic: bool = False,
    reference: Plan | None = None,
    isolated: bool = False,
    progress: Callable[[Progress], None] | None = None,
    stop: threading.Event | None = None,
    deadline: float | None = None,
    log: bool = False,
) -> Result:
    """Plan a scenario; the plan is checked by the independent checker before it returns.

    The public face of the library's one solve, :func:`planner.isolated.solve`, which the
    commands, the nightly re-plan, what-if variants and batches all go through: the model's
    search, then the independent checker, here or in a child process.

    Parameters
    ----------
    scenario
        The scenario to plan.
    time_limit
        Seconds for the whole solve; None takes the scenario's ``time_limit_seconds``.
    workers
        CP-SAT search workers.
    seed
        Random seed of the search.
    deterministic
        Bound the search by the work it may do instead of the clock: the same scenario, seed
        and workers give the same plan on any machine.
    reference
        A published plan to stay close to (a re-plan): moving one of its sessions costs
        ``weights.stability`` of value.
    isolated
        Solve in a child process of its own, so that a crash of the native solver can't take
        the caller with it (it raises ``SolverCrashed`` instead); CP-SAT is then never
        loaded into this process.
    progress
        Called with a ``Progress`` whenever a better plan is found.
    stop
        Set it (e.g. from a signal handler) to end the search early with its best plan.
    deadline
        A moment (``time.time()``) by which the solve must be done; the search gets what is
        left of it when it starts (not in deterministic mode).
    log
        Print CP-SAT's search log to standard output.

    Returns
    -------
    Result
        The plan, its score and how the solve went; ``result.repaired`` lists sessions the
        final check had to take out (a solver defect; empty on every normal run).

    Raises
    ------
    SolverCrashed
        With ``isolated``, if the child process died without an answer.
    SolverFailed
        With ``isolated``, if the solve raised an exception in the child.

    Examples
    --------
    >>> result = solve(scenario, time_limit=10, deterministic=True)  # doctest: +SKIP
    >>> result.scheduled_value  # doctest: +SKIP
    """
    import planner.isolated
    from planner.model import SolveOptions

    options = SolveOptions(
        time_limit=time_limit, workers=workers, seed=seed, log=log, reference=reference,
        progress=progress, deterministic=deterministic, stop=stop,
    )  # fmt: skip
    return planner.isolated.solve(scenario, options, isolated=isolated, deadline=deadline)


def check_plan(scenario: Scenario, plan: PlanLike, *, partial: bool = False) -> CheckReport:
    """Check a plan with the independent checker (never the solver's model) and score it.

    Parameters
    ----------
    scenario
        The scenario the plan is for.
    plan
        The plan: a ``Plan``, a ``Result``, a ``PlanBundle`` or its sessions.
    partial
        True when the sessions are only part of a plan (e.g. the pinned ones).

    Returns
    -------
    CheckReport
        ``violations`` (by rule number; empty for a valid plan, then ``valid`` is True) and
        the plan's ``score`` (scheduled value and penalty).

    Examples
    --------
    >>> report = check_plan(scenario, result)  # doctest: +SKIP
    >>> report.valid, report.score.scheduled_value  # doctest: +SKIP
    """
    from planner.check.report import check_plan as check_sessions

    return check_sessions(scenario, sessions_of(plan), partial)


def explain(scenario: Scenario, plan: PlanLike) -> list[UnscheduledSession]:
    """Why each session the plan does not book is left out, in a manager's words.

    Parameters
    ----------
    scenario
        The scenario the plan is for.
    plan
        A plan that keeps every hard rule (see ``check``), whoever made it.

    Returns
    -------
    list[UnscheduledSession]
        One per session of the scenario's courses that the plan leaves out, with its reason
        (it may name a client's health condition: for the manager's files only).
    """
    from planner.model import explain_plan

    return explain_plan(scenario, list(sessions_of(plan)))


def write_plan_folder(folder: Path | str, scenario: Scenario, plan: Result | PlanBundle) -> Path:
    """Publish an output folder: ``plan.csv``, ``unscheduled.csv`` and ``summary.json``.

    The three files replace the previous ones all at once (a reader sees the old plan or the
    new one, never a mix); other files in the folder stay.

    Parameters
    ----------
    folder
        The output folder (created if needed).
    scenario
        The scenario the plan is for.
    plan
        A solve's result, or a bundle read with ``read_plan_folder``.

    Returns
    -------
    Path
        The published folder (absolute).
    """
    from planner.plan.folder import write_plan_folder as write_files
    from planner.plan.publish import publish_folder

    bundle = PlanBundle.of_result(scenario, plan) if isinstance(plan, Result) else plan
    return publish_folder(
        folder,
        lambda staging: write_files(staging, scenario, bundle),
        keep=lambda name: name not in OUTPUT_FILES,
    )


def read_plan_folder(folder: Path | str, scenario: Scenario) -> tuple[PlanBundle, list[Problem]]:
    """Read an output folder back (any plan folder: a solve's, or one edited by hand).

    Parameters
    ----------
    folder
        Folder holding ``plan.csv`` and, optionally, ``unscheduled.csv`` and ``summary.json``.
    scenario
        The scenario the plan is for.

    Returns
    -------
    tuple[PlanBundle, list[Problem]]
        The plan and warnings about optional files that are absent.

    Raises
    ------
    PlanFolderError
        If the folder or ``plan.csv`` is missing, or a present file can't be read.
    """
    from planner.plan.folder import read_plan_folder as read_files

    return read_files(folder, scenario)
