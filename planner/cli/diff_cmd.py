"""``planner diff A B``: what changed between two plans (archived runs or plan.csv files)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from planner import exitcodes
from planner.archive import (
    Archive,
    ArchivedSession,
    ArchiveError,
    PlanDiff,
    PlanReadError,
    diff_plans,
    read_plan_file,
)


def _load(plan: str, archive: Archive | None) -> list[ArchivedSession]:
    """A run id when an archive is given and ``plan`` is a number, else a plan.csv path."""
    if plan.isdigit() and not Path(plan).exists():
        if archive is None:
            raise ArchiveError(f"{plan!r} looks like a run id: give --archive DB to compare runs")
        return archive.plan(int(plan))
    return read_plan_file(plan)


def _side(s: ArchivedSession | None) -> str:
    return "" if s is None else f"{s.start}-{s.end[11:]} {s.therapist_id} {s.room_id}"


def _diff_table(diff: PlanDiff, names: tuple[str, str]) -> Table:
    table = Table(title=f"Changes from {names[0]} to {names[1]}")
    for column in ("course", "session", "change", f"in {names[0]}", f"in {names[1]}"):
        table.add_column(column)
    for change in diff.changes:
        table.add_row(
            change.key[0],
            str(change.key[1]),
            ", ".join(c.value for c in change.changes),
            _side(change.before),
            _side(change.after),
        )
    return table


@click.command(name="diff")
@click.argument("plan_a")
@click.argument("plan_b")
@click.option(
    "--archive",
    "archive_url",
    metavar="DB",
    help="Plan archive holding the runs, when PLAN_A / PLAN_B are run ids.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the changes as JSON.")
def command(plan_a: str, plan_b: str, archive_url: str | None, as_json: bool) -> None:
    """Show what changed from PLAN_A to PLAN_B: sessions added, dropped or moved (a moved session's
    start, therapist or room changed; the table says which). Sessions are matched by course and
    session number.

    PLAN_A and PLAN_B are run ids of the archive (with --archive DB) or plan.csv files.

    Exit codes: 0 compared (also when the plans differ), 2 a plan or the archive can't be read.
    """
    names = (plan_a, plan_b)
    try:
        archive = Archive(archive_url, create=False) if archive_url else None
        try:
            before, after = _load(plan_a, archive), _load(plan_b, archive)
        finally:
            if archive is not None:
                archive.close()
        diff = diff_plans(before, after, names=names)
    except ArchiveError as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(exitcodes.INVALID_INPUT)
    except PlanReadError as error:
        for problem in error.problems:
            click.echo(str(problem), err=True)
        sys.exit(exitcodes.INVALID_INPUT)
    if as_json:
        click.echo(json.dumps(diff.to_dict(), indent=2, ensure_ascii=False))
        return
    click.echo(diff.text())
    if diff.changes:
        Console(width=160).print(_diff_table(diff, names))
    else:
        click.echo("The plans book the same sessions at the same times, therapists and rooms.")


__all__ = ["command"]
