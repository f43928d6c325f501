"""``planner history --archive DB``: list the archived runs."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence

import click
from rich.console import Console
from rich.table import Table

from planner import exitcodes
from planner.archive import Archive, ArchiveError, RunInfo, run_document
from planner.cli.common import archive_option


def _cell(value: object) -> str:
    return "" if value is None else str(value)


def _runs_table(runs: Sequence[RunInfo]) -> Table:
    table = Table(title="Archived runs")
    for name in (
        "run",
        "created (UTC)",
        "scenario",
        "kind",
        "status",
        "published",
        "scheduled",
        "value",
        "penalty",
        "moved",
        "note",
    ):
        table.add_column(name, justify="right" if name in ("run", "value", "penalty") else "left")
    for run in runs:
        summary = run.summary
        table.add_row(
            str(run.id),
            run.created_at.strftime("%Y-%m-%d %H:%M:%S"),
            run.scenario_name,
            run.kind,
            run.status,
            "yes" if run.published else "no",
            f"{_cell(summary.get('sessions_scheduled'))}/{_cell(summary.get('sessions_total'))}",
            _cell(summary.get("scheduled_value")),
            _cell(summary.get("penalty")),
            _cell(summary.get("moved")),
            _cell(run.note),
        )
    return table


@click.command(name="history")
@archive_option
@click.option(
    "--scenario",
    "scenario_name",
    metavar="NAME",
    help="Only runs of this scenario (its name in scenario.toml).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the runs as JSON.")
def command(archive_url: str, scenario_name: str | None, as_json: bool) -> None:
    """List the runs kept in the plan archive DB, oldest first.

    Exit codes: 0 listed (also when there are none), 2 the archive can't be opened.
    """
    try:
        with Archive(archive_url, create=False) as archive:
            runs = archive.runs(scenario_name)
    except ArchiveError as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(exitcodes.INVALID_INPUT)
    if as_json:
        click.echo(json.dumps([run_document(run) for run in runs], indent=2, ensure_ascii=False))
        return
    if not runs:
        click.echo("No runs archived" + (f" for {scenario_name!r}." if scenario_name else "."))
        return
    Console(width=160).print(_runs_table(runs))


__all__ = ["command"]
