"""planner: turns a spa's treatment-course bookings into a weekly roster with CP-SAT.

The public Python API, all of it importable from here (``import planner``):

Scenarios
    ``load_scenario(folder)`` reads and validates a scenario folder; ``ScenarioBuilder`` builds
    a scenario in Python from dates and clock times; ``validate(scenario)`` lists the problems
    of a scenario held in memory. Types: ``Scenario``, ``Settings``, ``Weights``,
    ``Therapist``, ``Shift``, ``Room``, ``RoomClosure``, ``Treatment``, ``Client``,
    ``Condition``, ``Availability``, ``Contraindication``, ``Course``, ``Pin``, ``Problem``,
    ``ScenarioError``.
Plans
    ``solve(scenario, time_limit=..., ...)`` plans it, checked by the independent checker before it
    returns (``isolated=True``: in a child process); ``check_plan(scenario, plan)`` checks
    and scores any plan; ``explain(scenario, plan)`` says why each unscheduled session is;
    ``write_plan_folder`` / ``read_plan_folder`` write and read an output folder. Types:
    ``Result``, ``Status``, ``Plan``, ``PlannedSession``, ``UnscheduledSession``,
    ``PlanBundle``, ``CheckReport``, ``Violation``, ``SolverCrashed``, ``SolverFailed``.
The front desk and the manager
    ``fit_course`` (``FitRequest``, ``FitResult``), ``book_course`` (``BookOptions``,
    ``BookResult``, ``BookFailure``), ``advise_changes`` (``Advice``), ``roll_over``
    (``Rollover``), ``export_plan`` (``ExportOptions``, ``ExportReport``) and the plan archive
    ``Archive``. Functions that act on a sub-package's subject say what they act on
    (``check_plan``, not ``check``): a bare ``planner.check`` is the checker's package.

Names load on first use, so ``import planner`` itself loads neither CP-SAT nor Dask nor plotly.
See ``docs/api.md`` for the reference and ``docs/glossary.md`` for the words used.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# Each public name and the module it lives in; imported on first use (PEP 562).
_HOMES: dict[str, str] = {
    **dict.fromkeys(
        (
            "Progress",
            "advise_changes",
            "book_course",
            "check_plan",
            "explain",
            "export_plan",
            "fit_course",
            "load_scenario",
            "read_plan_folder",
            "roll_over",
            "solve",
            "validate",
            "write_plan_folder",
        ),
        "planner.api",
    ),
    "ScenarioBuilder": "planner.scenario.builder",
    **dict.fromkeys(
        (
            "Availability",
            "Client",
            "Condition",
            "Contraindication",
            "Course",
            "Pin",
            "Room",
            "RoomClosure",
            "Scenario",
            "Settings",
            "Shift",
            "Therapist",
            "Treatment",
            "Weights",
        ),
        "planner.scenario.types",
    ),
    "Problem": "planner.scenario.errors",
    "ScenarioError": "planner.scenario.errors",
    "Plan": "planner.plan.types",
    "PlannedSession": "planner.plan.types",
    "UnscheduledSession": "planner.plan.types",
    "Result": "planner.plan.result",
    "Status": "planner.plan.result",
    "PlanBundle": "planner.plan.folder",
    "PlanFolderError": "planner.plan.folder",
    "Violation": "planner.check.violation",
    "CheckReport": "planner.check.report",
    "SolverCrashed": "planner.isolated.protocol",
    "SolverFailed": "planner.isolated.protocol",
    "FitRequest": "planner.fit.request",
    "RequestError": "planner.fit.request_error",
    "FitResult": "planner.fit",
    "BookOptions": "planner.book",
    "BookResult": "planner.book.report",
    "BookFailure": "planner.book.report",
    "Advice": "planner.advise",
    "Rollover": "planner.rollover",
    "RolloverError": "planner.rollover",
    "ExportOptions": "planner.export",
    "ExportReport": "planner.export",
    "PlanViolatesRules": "planner.export",
    "Archive": "planner.archive.store",
    "ArchiveError": "planner.archive.store",
}

__all__ = [
    "Advice",
    "Archive",
    "ArchiveError",
    "Availability",
    "BookFailure",
    "BookOptions",
    "BookResult",
    "CheckReport",
    "Client",
    "Condition",
    "Contraindication",
    "Course",
    "ExportOptions",
    "ExportReport",
    "FitRequest",
    "FitResult",
    "Pin",
    "Plan",
    "PlanBundle",
    "PlanFolderError",
    "PlanViolatesRules",
    "PlannedSession",
    "Problem",
    "Progress",
    "RequestError",
    "Result",
    "Rollover",
    "RolloverError",
    "Room",
    "RoomClosure",
    "Scenario",
    "ScenarioBuilder",
    "ScenarioError",
    "Settings",
    "Shift",
    "SolverCrashed",
    "SolverFailed",
    "Status",
    "Therapist",
    "Treatment",
    "UnscheduledSession",
    "Violation",
    "Weights",
    "advise_changes",
    "book_course",
    "check_plan",
    "explain",
    "export_plan",
    "fit_course",
    "load_scenario",
    "read_plan_folder",
    "roll_over",
    "solve",
    "validate",
    "write_plan_folder",
]

if TYPE_CHECKING:
    from planner.advise import Advice
    from planner.api import (
        Progress,
        advise_changes,
        book_course,
        check_plan,
        explain,
        export_plan,
        fit_course,
        load_scenario,
        read_plan_folder,
        roll_over,
        solve,
        validate,
        write_plan_folder,
    )
    from planner.archive.store import Archive, ArchiveError
    from planner.book import BookOptions
    from planner.book.report import BookFailure, BookResult
    from planner.check.report import CheckReport
    from planner.check.violation import Violation
    from planner.export import ExportOptions, ExportReport, PlanViolatesRules
    from planner.fit import FitResult
    from planner.fit.request import FitRequest
    from planner.fit.request_error import RequestError
    from planner.isolated.protocol import SolverCrashed, SolverFailed
    from planner.plan.folder import PlanBundle, PlanFolderError
    from planner.plan.result import Result, Status
    from planner.plan.types import Plan, PlannedSession, UnscheduledSession
    from planner.rollover import Rollover, RolloverError
    from planner.scenario.builder import ScenarioBuilder
    from planner.scenario.errors import Problem, ScenarioError
    from planner.scenario.types import (
        Availability,
        Client,
        Condition,
        Contraindication,
        Course,
        Pin,
        Room,
        RoomClosure,
        Scenario,
        Settings,
        Shift,
        Therapist,
        Treatment,
        Weights,
    )


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'planner' has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value  # the next look-up is a plain attribute
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
