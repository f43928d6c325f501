"""Checking a plan file against a scenario folder: the checker in one call."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from planner.check.pin_check import load_checked_scenario
from planner.check.rules import check_sessions
from planner.check.violation import Violation
from planner.plan.csvfiles import read_plan_csv
from planner.plan.score import Score, score
from planner.plan.types import PlannedSession
from planner.scenario.errors import Problem, ScenarioError, Severity
from planner.scenario.types import Scenario


@dataclass(frozen=True)
class CheckReport:
    """Outcome of checking one plan.

    Parameters
    ----------
    problems
        Errors that kept the scenario or the plan from being read, and warnings from loading.
    violations
        Hard-rule breaches, by rule number then plan order (empty if unreadable).
    score
        The plan's score (None if unreadable).
    sessions_scheduled
        Sessions in the plan.
    sessions_total
        Sessions all courses of the scenario book (0 if the scenario is unreadable).
    """

    problems: tuple[Problem, ...] = ()
    violations: tuple[Violation, ...] = ()
    score: Score | None = None
    sessions_scheduled: int = 0
    sessions_total: int = 0

    @property
    def readable(self) -> bool:
        """True if both the scenario and the plan were read without errors."""
        return not any(p.severity is Severity.ERROR for p in self.problems)

    @property
    def valid(self) -> bool:
        """True if the plan was read and breaks no hard rule."""
        return self.readable and not self.violations

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready view (``planner check --json``)."""
        return {
            "valid": self.valid,
            "readable": self.readable,
            "problems": [
                {
                    "file": p.file,
                    "row": p.row,
                    "subject": p.subject,
                    "column": p.column,
                    "severity": p.severity.value,
                    "message": p.message,
                }
                for p in self.problems
            ],
            "violations": [
                {
                    "rule": v.rule,
                    "sessions": [{"course_id": c, "session": n} for c, n in v.sessions],
                    "message": v.message,
                }
                for v in self.violations
            ],
            "scheduled_value": None if self.score is None else self.score.scheduled_value,
            "penalty": None if self.score is None else self.score.penalty,
            "penalty_parts": None if self.score is None else dict(self.score.parts),
            "sessions_scheduled": self.sessions_scheduled,
            "sessions_total": self.sessions_total,
        }


def check_plan(
    scenario: Scenario, sessions: Sequence[PlannedSession], partial: bool = False
) -> CheckReport:
    """Check and score ``sessions`` of an already loaded ``scenario``.

    Parameters
    ----------
    scenario
        A loaded scenario.
    sessions
        The plan to check, in any order.
    partial
        Check a part of a plan (such as the pins alone): the prefix rule of rule 8 and
        missing pins (rule 12) are then not reported.

    Returns
    -------
    CheckReport
        The broken hard rules (``violations``; no ``problems``, as nothing is read) and the
        contract's score, which is computed for an invalid plan too.
    """
    return CheckReport(
        violations=tuple(check_sessions(scenario, sessions, partial)),
        score=score(scenario, sessions),
        sessions_scheduled=len(sessions),
        sessions_total=scenario.sessions_total,
    )


def check_plan_file(scenario_folder: Path | str, plan_csv: Path | str) -> CheckReport:
    """Load a scenario folder and a ``plan.csv``, then check and score the plan.

    Never raises for bad input: unreadable files come back as ``problems``.

    Parameters
    ----------
    scenario_folder
        A scenario folder in the contract's format.
    plan_csv
        The plan to check.
    """
    try:
        scenario, warnings = load_checked_scenario(Path(scenario_folder))
    except ScenarioError as error:
        return CheckReport(problems=tuple(error.problems))
    sessions, problems = read_plan_csv(plan_csv, scenario)
    if problems:
        return CheckReport(
            problems=(*warnings, *problems),
            sessions_total=scenario.sessions_total,
        )
    report = check_plan(scenario, sessions)
    return CheckReport(
        tuple(warnings), report.violations, report.score, len(sessions), report.sessions_total
    )
