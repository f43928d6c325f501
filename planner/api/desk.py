"""The API for the front desk and the manager: fit, book, advise, roll over, export."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from planner.api.core import PlanLike, sessions_of
from planner.plan.folder import PlanBundle
from planner.plan.result import Result

if TYPE_CHECKING:
    from planner.advise import Advice
    from planner.book import BookOptions
    from planner.book.report import BookResult
    from planner.export import ExportOptions, ExportReport
    from planner.fit import FitResult
    from planner.fit.moves import MoveSearch
    from planner.fit.request import FitRequest
    from planner.plan.types import UnscheduledSession
    from planner.rollover import Rollover
    from planner.scenario.types import Scenario

__all__ = ["advise_changes", "book_course", "export_plan", "fit_course", "roll_over"]


def fit_course(
    scenario: Scenario,
    plan: PlanLike,
    request: FitRequest,
    *,
    top: int = 5,
    movable: MoveSearch | None = None,
) -> FitResult:
    """The best ways to book a whole new course into a published plan, which stays as it is.

    Parameters
    ----------
    scenario
        The scenario the plan was made for.
    plan
        The published plan (valid for ``scenario``).
    request
        The course to fit, in the terms of ``courses.csv``.
    top
        How many options to list.
    movable
        Published sessions that may move to make room when nothing fits as the plan stands.

    Returns
    -------
    FitResult
        The options, best first, or why none fits and the longest prefixes that do.

    Raises
    ------
    RequestError
        If the request does not fit the scenario (unknown treatment, bad window, ...).
    """
    from planner.fit import fit_course as fit

    return fit(scenario, sessions_of(plan), request, top, movable)


def book_course(options: BookOptions) -> BookResult:
    """Book a fitted course into the live scenario folder, archive and publish the plan.

    Parameters
    ----------
    options
        The scenario folder, archive, exports folder, the request and which option to book.

    Returns
    -------
    BookResult
        The run archived, the sessions booked, sessions moved and the call list.

    Raises
    ------
    BookFailure
        With the exit code of ``planner book``; nothing was written then.
    """
    from planner.book import book as book_course

    return book_course(options)


def advise_changes(
    scenario: Scenario,
    plan: PlanLike,
    unscheduled: Sequence[UnscheduledSession],
    *,
    top: int = 3,
    time_limit: float = 10.0,
    workers: int = 2,
    stop: threading.Event | None = None,
) -> tuple[list[Advice], int]:
    """The one changes (a shift, a room, a therapist) that would book the most of ``unscheduled``.

    Parameters
    ----------
    scenario
        The scenario the plan was made for.
    plan
        The published plan.
    unscheduled
        Its unscheduled sessions; only their courses are considered.
    top
        How many of the best estimates to verify by re-solving.
    time_limit
        Seconds of each re-solve.
    workers
        CP-SAT workers of each re-solve.
    stop
        Set it (from another thread) to end the verifying early: the changes verified so far
        are returned.

    Returns
    -------
    tuple[list[Advice], int]
        The verified advice, best verified gain first, and how many changes were estimated.
    """
    from planner.advise import advise

    return advise(scenario, sessions_of(plan), unscheduled, top, time_limit, workers, stop)


def roll_over(scenario: Scenario, plan: PlanLike, start: date | None = None) -> Rollover:
    """The next horizon's scenario, with every session the plan still owes.

    Parameters
    ----------
    scenario
        The scenario the plan was made for.
    plan
        The plan of this horizon.
    start
        First day of the next horizon; default: the day after this one ends.

    Returns
    -------
    Rollover
        The next scenario and the courses carried and dropped.

    Raises
    ------
    RolloverError
        If ``start`` lies before the end of this horizon.
    """
    from planner.rollover import rollover as roll

    return roll(scenario, sessions_of(plan), start)


def export_plan(
    plan: Result | PlanBundle | Path | str,
    scenario: Scenario,
    out: Path | str,
    formats: Sequence[str] | str,
    options: ExportOptions | None = None,
) -> ExportReport:
    """Write files for people (workbook, calendars, rosters, report) into ``out``, atomically.

    Parameters
    ----------
    plan
        A solve's result, an output folder's bundle, or the path of an output folder.
    scenario
        The scenario the plan is for.
    out
        Folder to create or replace with the export.
    formats
        Some of ``xlsx``, ``ics``, ``html``, ``csv``, as a list or comma-separated.
    options
        Calendar identity, time zone, export time, advice for the report.

    Returns
    -------
    ExportReport
        The folder and the files written.

    Raises
    ------
    PlanViolatesRules
        If the plan breaks hard rules (unless ``options.allow_violations``).
    ValueError
        For an unknown format or time zone.
    """
    from planner.export import ExportOptions, export_bundle
    from planner.export import export_plan as export_folder

    options = options or ExportOptions()
    if isinstance(plan, Path | str):
        return export_folder(plan, scenario, out, formats, options)
    if isinstance(plan, Result):
        plan = PlanBundle.of_result(scenario, plan)
    chosen = formats.split(",") if isinstance(formats, str) else formats
    return export_bundle(out, scenario, plan, chosen, options)
