"""A solve's output folder: ``plan.csv``, ``unscheduled.csv`` and ``summary.json``, both ways.

:func:`write_plan_folder` writes a :class:`PlanBundle` into a folder and :func:`read_plan_folder`
reads the same bundle back, so whatever one writes the other reads. :func:`write_outputs`
publishes a solve's folder all at once (:mod:`planner.plan.publish`).

Only ``plan.csv`` is required when reading: a plan edited by hand may come without the other two.
A file that is present but can't be read is an error, reported like the loader's (file, row,
column, what was expected).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from planner.plan.csvfiles import (
    read_plan_csv,
    read_unscheduled_csv,
    write_plan_csv,
    write_unscheduled_csv,
)
from planner.plan.publish import publish_folder
from planner.plan.result import Result
from planner.plan.types import Plan, PlannedSession, UnscheduledSession
from planner.scenario.errors import Problem, Severity
from planner.scenario.types import Scenario

PLAN_FILE = "plan.csv"
UNSCHEDULED_FILE = "unscheduled.csv"
SUMMARY_FILE = "summary.json"
OUTPUT_FILES = (PLAN_FILE, UNSCHEDULED_FILE, SUMMARY_FILE)


class PlanFolderError(Exception):
    """The plan folder can't be read; ``problems`` says where and why."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass(frozen=True)
class PlanBundle:
    """A plan as an output folder holds it: scheduled sessions, the rest, and the run summary.

    ``summary`` is the content of ``summary.json`` (empty when the file is absent).
    """

    sessions: tuple[PlannedSession, ...]
    unscheduled: tuple[UnscheduledSession, ...] = ()
    summary: Mapping[str, object] = field(default_factory=dict)

    @property
    def plan(self) -> Plan:
        """The sessions as a :class:`Plan`."""
        return Plan(self.sessions, self.unscheduled)

    @staticmethod
    def of_result(scenario: Scenario, result: Result) -> PlanBundle:
        """What a solve of ``scenario`` publishes: its plan and its summary, named after the
        scenario."""
        summary = {"scenario": scenario.settings.name, **result.summary()}
        return PlanBundle(result.plan.sessions, result.plan.unscheduled, summary)


def read_summary_json(path: Path) -> tuple[dict[str, object], list[Problem]]:
    """Read ``summary.json``: a JSON object, else a problem.

    Parameters
    ----------
    path
        The file.

    Returns
    -------
    tuple[dict[str, object], list[Problem]]
        The object and no problem; or an empty dict and one error naming the file (and the
        line, for broken JSON) when it is not readable as a JSON object.
    """
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except OSError as error:
        return {}, [Problem(path.name, None, None, f"can't read the file: {error.strerror}")]
    except UnicodeDecodeError as error:
        return {}, [Problem(path.name, None, None, f"expected UTF-8 text ({error.reason})")]
    except json.JSONDecodeError as error:
        return {}, [Problem(path.name, error.lineno, None, f"expected JSON: {error.msg}")]
    if not isinstance(data, dict):
        return {}, [Problem(path.name, None, None, "expected a JSON object {...}")]
    return data, []


def write_summary_json(path: Path, summary: Mapping[str, object]) -> None:
    """Write ``summary.json``: the mapping as indented JSON."""
    path.write_text(json.dumps(dict(summary), indent=2) + "\n", encoding="utf-8")


def write_plan_folder(folder: Path | str, scenario: Scenario, bundle: PlanBundle) -> None:
    """Write the three files of ``bundle`` into the existing ``folder``.

    Plain writes, for a folder that is being put together and published as a whole (the nightly
    publication, a what-if job's folder); :func:`write_outputs` publishes one by itself.

    Parameters
    ----------
    folder
        An existing folder; files of the same names in it are replaced.
    scenario
        The scenario the plan is for (for dates, names and the caution flags).
    bundle
        What to write: ``plan.csv``, ``unscheduled.csv`` and ``summary.json``.
    """
    folder = Path(folder)
    write_plan_csv(folder / PLAN_FILE, scenario, bundle.sessions)
    write_unscheduled_csv(folder / UNSCHEDULED_FILE, bundle.unscheduled)
    write_summary_json(folder / SUMMARY_FILE, bundle.summary)


def read_plan_folder(plan_dir: Path | str, scenario: Scenario) -> tuple[PlanBundle, list[Problem]]:
    """Read an output folder (the counterpart of :func:`write_plan_folder`).

    Parameters
    ----------
    plan_dir
        Folder holding ``plan.csv`` and, optionally, ``unscheduled.csv`` and ``summary.json``.
    scenario
        The scenario the plan is for (its horizon start anchors the date-times).

    Returns
    -------
    tuple[PlanBundle, list[Problem]]
        The plan and the warnings about optional files that are absent.

    Raises
    ------
    PlanFolderError
        If the folder or ``plan.csv`` is missing, or any present file can't be read.
    """
    folder = Path(plan_dir)
    if not folder.is_dir():
        raise PlanFolderError([Problem(str(folder), None, None, "expected a plan folder")])
    sessions, problems = read_plan_csv(folder / PLAN_FILE, scenario)
    warnings: list[Problem] = []
    unscheduled: list[UnscheduledSession] = []
    summary: dict[str, object] = {}
    if (folder / UNSCHEDULED_FILE).exists():
        unscheduled, found = read_unscheduled_csv(folder / UNSCHEDULED_FILE)
        problems.extend(found)
    else:
        warnings.append(_absent(UNSCHEDULED_FILE, "no unscheduled sessions are listed"))
    if (folder / SUMMARY_FILE).exists():
        summary, found = read_summary_json(folder / SUMMARY_FILE)
        problems.extend(found)
    else:
        warnings.append(_absent(SUMMARY_FILE, "the score is computed from the plan"))
    if problems:
        raise PlanFolderError(problems)
    return PlanBundle(tuple(sessions), tuple(unscheduled), summary), warnings


def _absent(name: str, consequence: str) -> Problem:
    return Problem(name, None, None, f"file not found; {consequence}", Severity.WARNING)


def _not_an_output(name: str) -> bool:
    return name not in OUTPUT_FILES


def write_outputs(folder: Path | str, scenario: Scenario, result: Result) -> Path:
    """Publish the outputs of a solve of ``scenario`` into ``folder`` (created if needed).

    The three files replace the previous ones all at once: a reader finds the previous plan
    files or the new ones, never a mix. Anything else in the folder is kept as it was.

    Returns
    -------
    Path
        The published folder (absolute).
    """
    bundle = PlanBundle.of_result(scenario, result)
    return publish_folder(
        folder,
        lambda staging: write_plan_folder(staging, scenario, bundle),
        keep=_not_an_output,
    )
