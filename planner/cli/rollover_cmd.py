"""``planner rollover SCENARIO PLAN_DIR -o NEXT``: sessions still owed go into the next horizon."""

from __future__ import annotations

import sys
from datetime import date, datetime
from pathlib import Path

import click
from rich.console import Console

from planner import exitcodes
from planner.check import load_checked_scenario
from planner.cli.common import guard_or_exit, load_or_exit, publish_or_exit
from planner.cli.plan_input import read_plan_or_exit
from planner.plan.publish import publish_folder
from planner.rollover import Rollover, RolloverError, rollover
from planner.scenario import ScenarioError
from planner.scenario.write import write_scenario_folder

NOTES_FILE = "rollover.txt"


def _notes(result: Rollover) -> list[str]:
    """What was carried and dropped, ids and counts only (the notes file and the terminal)."""
    owed = sum(n for _, n in result.carried)
    lines = [f"carried {len(result.carried)} course(s) with {owed} session(s) owed"]
    lines += [f"  {course_id}: {n} session(s)" for course_id, n in result.carried]
    if result.dropped:
        lines.append(f"dropped {len(result.dropped)} course(s):")
        lines += [f"  {d.course_id}: {d.owed} session(s) owed, {d.reason}" for d in result.dropped]
    lines.append(
        "shifts, room closures and client availability were moved from this horizon as a draft: "
        "edit them for the new horizon"
    )
    return lines


def _write(folder: Path, result: Rollover) -> None:
    write_scenario_folder(result.scenario, folder)
    (folder / NOTES_FILE).write_text("\n".join(_notes(result)) + "\n", encoding="utf-8")
    # The folder must load as it is written: check it before it replaces NEXT.
    load_checked_scenario(folder)


@click.command(name="rollover")
@click.argument("scenario", type=click.Path(file_okay=False, path_type=Path))
@click.argument("plan_dir", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "-o",
    "--out",
    "next_folder",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Scenario folder of the next horizon (replaced as a whole).",
)
@click.option(
    "--start",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="First day of the next horizon YYYY-MM-DD [default: the day after this one ends].",
)
def command(scenario: Path, plan_dir: Path, next_folder: Path, start: datetime | None) -> None:
    """Write the next horizon's scenario: every course of SCENARIO with sessions still owed by
    the plan in PLAN_DIR (a solve's output folder).

    Each course keeps its course_id and asks for the owed sessions; its gaps run from the end of
    its last booked session. Courses whose latest end has passed are dropped and listed. Pinned
    sessions are not carried. Exit codes: 0 written, 2 invalid scenario, plan or option (or a
    NEXT that is, holds or lies inside SCENARIO or PLAN_DIR), 4 another run is writing NEXT.
    """
    console = Console(stderr=True)
    reads = [("the scenario folder", scenario), ("the plan folder", plan_dir)]
    guard_or_exit(next_folder, reads, console)
    loaded = load_or_exit(scenario, console)
    bundle = read_plan_or_exit(plan_dir, None, loaded, scenario, console)
    begin: date | None = None if start is None else start.date()
    try:
        result = rollover(loaded, bundle.sessions, begin)
    except RolloverError as error:
        console.print(f"invalid --start: {error}", markup=False)
        sys.exit(exitcodes.INVALID_INPUT)
    try:
        with publish_or_exit(console, "the next scenario"):
            published = publish_folder(next_folder, lambda staging: _write(staging, result))
    except ScenarioError as error:  # a defect: the writer wrote what the loader refuses
        console.print(f"internal error: the next scenario does not load: {error}", markup=False)
        sys.exit(exitcodes.INTERNAL_ERROR)
    for line in _notes(result):
        click.echo(line)
    click.echo(f"next horizon {result.scenario.settings.start.isoformat()} written to {published}")


__all__ = ["command"]
