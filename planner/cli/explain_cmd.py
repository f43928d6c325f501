"""``planner explain SCENARIO PLAN_DIR``: why each unscheduled session could not be booked.

For any plan, a hand-edited one included: the reasons are computed from the scenario and the
plan alone, and ``PLAN_DIR/unscheduled.csv`` is replaced (all at once) with one row per session
the plan does not book.
"""

from __future__ import annotations

from pathlib import Path

import click
from rich.console import Console

from planner.cli.common import guard_or_exit, load_or_exit, publish_or_exit
from planner.cli.plan_input import read_plan_or_exit


@click.command(name="explain")
@click.argument("scenario", type=click.Path(file_okay=False, path_type=Path))
@click.argument("plan_dir", type=click.Path(file_okay=False, path_type=Path))
@click.option("--quiet", "-q", is_flag=True, help="Print nothing but errors.")
def command(scenario: Path, plan_dir: Path, quiet: bool) -> None:
    """Rewrite PLAN_DIR/unscheduled.csv for the plan in PLAN_DIR/plan.csv.

    One row per session of SCENARIO's courses that the plan does not book, with the reason in
    a manager's words. The plan must keep every hard rule (see `planner check`). Exit codes:
    0 written, 2 the scenario or the plan can't be read, the plan breaks a hard rule or PLAN_DIR
    is or lies inside SCENARIO, 4 another run is writing PLAN_DIR.
    """
    # Imported here: the explanations read the model's pruning, which loads CP-SAT.
    from planner.model import explain_plan
    from planner.plan.csvfiles import unscheduled_text
    from planner.plan.folder import UNSCHEDULED_FILE
    from planner.plan.publish import folder_lock, publish_file

    console = Console(stderr=True, quiet=quiet)
    # PLAN_DIR is written (its unscheduled.csv), so it may not be or lie in the scenario.
    guard_or_exit(plan_dir, [("the scenario folder", scenario)], Console(stderr=True), "PLAN_DIR")
    loaded = load_or_exit(scenario, console)
    if not plan_dir.is_dir():  # says what is missing; no lock file beside a mistyped folder
        read_plan_or_exit(plan_dir, None, loaded, scenario, console)
    # The plan folder's lock from reading plan.csv to writing unscheduled.csv: a solve
    # publishing meanwhile would otherwise get the reasons of the plan it replaced.
    with publish_or_exit(Console(stderr=True), "PLAN_DIR"), folder_lock(plan_dir):
        bundle = read_plan_or_exit(plan_dir, None, loaded, scenario, console)
        rows = explain_plan(loaded, bundle.sessions)
        publish_file(plan_dir / UNSCHEDULED_FILE, unscheduled_text(rows))
    console.print(
        f"{len(rows)} unscheduled session(s) explained in {plan_dir / UNSCHEDULED_FILE}",
        markup=False,
    )
