"""Reading the plan a desk or manager command starts from: a solve's output folder, or the last
published plan of an archive, checked before anything is built on it."""

from __future__ import annotations

import sys
from pathlib import Path

from rich.console import Console

from planner import exitcodes
from planner.check import check_sessions
from planner.cli.common import print_problems
from planner.plan.folder import PlanBundle, PlanFolderError, read_plan_folder
from planner.scenario import Scenario


def read_plan_or_exit(
    plan_dir: Path | None,
    archive: str | None,
    scenario: Scenario,
    scenario_folder: Path,
    console: Console,
) -> PlanBundle:
    """The plan of ``plan_dir`` (or the archive's published plan of the scenario's days), or exit
    2 when it can't be read, names no plan, or breaks a hard rule of ``scenario``."""
    err = Console(stderr=True)
    if (plan_dir is None) == (archive is None):
        err.print("expected PLAN_DIR or --archive DB (one of them)", markup=False)
        sys.exit(exitcodes.INVALID_INPUT)
    if archive is not None:
        bundle = _from_archive(archive, scenario, scenario_folder, err)
    else:
        assert plan_dir is not None
        try:
            bundle, warnings = read_plan_folder(plan_dir, scenario)
        except PlanFolderError as error:
            print_problems(console, error.problems)
            err.print(f"can't read the plan in {plan_dir}", markup=False)
            sys.exit(exitcodes.INVALID_INPUT)
        print_problems(console, warnings)
    violations = check_sessions(scenario, bundle.sessions)
    if violations:
        for violation in violations[:5]:
            err.print(f"rule {violation.rule}: {violation.message}", markup=False, soft_wrap=True)
        err.print(
            f"the plan breaks {len(violations)} hard rule(s) of the scenario (see `planner "
            "check`); nothing can be built on it",
            markup=False,
        )
        sys.exit(exitcodes.INVALID_INPUT)
    return bundle


def _from_archive(url: str, scenario: Scenario, folder: Path, err: Console) -> PlanBundle:
    # Imported here: the archive loads SQLAlchemy, which commands given a folder do without.
    from planner.archive import ArchiveError, NoPublishedPlan, published_plan

    try:
        return published_plan(url, scenario, folder)
    except ArchiveError as error:
        err.print(f"can't read the archive: {error}", markup=False)
    except NoPublishedPlan as error:
        err.print(str(error), markup=False)
    sys.exit(exitcodes.INVALID_INPUT)
