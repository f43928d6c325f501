"""Solve a scenario folder like a user would, then let the independent checker check the plan.

Every model test goes through :func:`solve_and_check`: it solves, writes the contract's three
outputs with :func:`planner.plan.folder.write_outputs` and checks the written ``plan.csv`` with
:func:`planner.check.check_plan_file`, so a test can only pass on a plan that a spa manager could
publish. The written files are read back with the ``outputs`` fixture.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from planner.check import CheckReport, check_plan_file
from planner.model import Result, SolveOptions, Status, solve
from planner.plan.folder import write_outputs
from planner.scenario import load_scenario

SolveAndCheck = Callable[..., tuple[Result, CheckReport]]
SolveOptimal = Callable[..., Result]


def output_folder(scenario_folder: Path) -> Path:
    """Where :func:`solve_and_check` writes the outputs of ``scenario_folder``."""
    return scenario_folder.parent / f"{scenario_folder.name}-out"


def solve_and_check(
    folder: Path,
    time_limit: float = 5,
    workers: int = 1,
    seed: int = 0,
    deterministic: bool = True,
) -> tuple[Result, CheckReport]:
    """Solve ``folder``, write its outputs and check the written plan.

    Asserts that the plan breaks no hard rule and that the checker's score equals the score
    the solver reports, so a test never trusts the model's own bookkeeping. Solves are
    deterministic unless asked otherwise: the work they may do, not the machine's speed,
    decides where they end (see the ``unhurried`` fixture of ``tests/conftest.py``).
    """
    scenario, _warnings = load_scenario(folder)
    options = SolveOptions(
        time_limit=time_limit, workers=workers, seed=seed, deterministic=deterministic
    )
    result = solve(scenario, options)
    out = output_folder(folder)
    write_outputs(out, scenario, result)
    report = check_plan_file(folder, out / "plan.csv")
    assert report.valid, f"plan breaks hard rules: {report.violations} {report.problems}"
    assert report.score is not None
    assert report.score.scheduled_value == result.scheduled_value
    assert report.score.penalty == result.penalty
    return result, report


def solve_optimal(folder: Path) -> Result:
    """:func:`solve_and_check` ``folder`` and assert the solver proved its plan optimal.

    The tiny spas have a hand-computed best score, so a plan that is merely feasible won't do.
    """
    result, _report = solve_and_check(folder)
    assert result.status is Status.OPTIMAL
    return result


class Outputs:
    """Reads back what :func:`solve_and_check` wrote for a scenario folder."""

    @staticmethod
    def rows(folder: Path, name: str) -> list[dict[str, str]]:
        with (output_folder(folder) / name).open(encoding="utf-8", newline="") as handle:
            return list(csv.DictReader(handle))

    def plan(self, folder: Path) -> list[dict[str, str]]:
        """Rows of the written ``plan.csv``."""
        return self.rows(folder, "plan.csv")

    def unscheduled(self, folder: Path) -> list[dict[str, str]]:
        """Rows of the written ``unscheduled.csv``."""
        return self.rows(folder, "unscheduled.csv")

    def booked(self, folder: Path) -> dict[tuple[str, int], tuple[str, str, str, str]]:
        """(course_id, session) -> (therapist_id, room_id, start, end) of the written plan."""
        return {
            (r["course_id"], int(r["session"])): (
                r["therapist_id"],
                r["room_id"],
                r["start"],
                r["end"],
            )
            for r in self.plan(folder)
        }

    def reasons(self, folder: Path) -> dict[tuple[str, int], str]:
        """(course_id, session) -> reason of the written ``unscheduled.csv``."""
        return {(r["course_id"], int(r["session"])): r["reason"] for r in self.unscheduled(folder)}

    @staticmethod
    def summary(folder: Path) -> dict[str, Any]:
        """The written ``summary.json``."""
        text = (output_folder(folder) / "summary.json").read_text(encoding="utf-8")
        loaded: dict[str, Any] = json.loads(text)
        return loaded


@pytest.fixture(name="solve_and_check")
def solve_and_check_fixture() -> SolveAndCheck:
    """:func:`solve_and_check` for tests (pytest's importlib mode keeps conftest unimportable)."""
    return solve_and_check


@pytest.fixture(name="solve_optimal")
def solve_optimal_fixture() -> SolveOptimal:
    """:func:`solve_optimal` for tests."""
    return solve_optimal


@pytest.fixture
def outputs() -> Outputs:
    """Reader of the files :func:`solve_and_check` wrote."""
    return Outputs()
