"""``planner solve``: plan a scenario folder and write the contract's outputs."""

from __future__ import annotations

import sys
import threading
import time
from pathlib import Path

import click
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from planner import exitcodes
from planner.api import Progress as SolveProgress
from planner.api import solve
from planner.cli import STARTED
from planner.cli.common import (
    deterministic_option,
    guard_or_exit,
    load_or_exit,
    publish_or_exit,
    workers_option,
)
from planner.isolated import SolverCrashed, stop_on_signals
from planner.plan.folder import write_outputs
from planner.plan.overview import result_overview
from planner.plan.result import Result, Status
from planner.plan.score import optimality_gap
from planner.scenario.types import Scenario


class ProgressDisplay:
    """A live line on the terminal once a solve runs longer than a second."""

    def __init__(self, console: Console, time_limit: float, enabled: bool) -> None:
        self.console = console
        self.time_limit = time_limit
        self.enabled = enabled and console.is_terminal
        self.started = time.perf_counter()
        self.text = "searching"
        self._bar = Progress(
            TextColumn("[bold]solving"),
            BarColumn(),
            TimeElapsedColumn(),
            TextColumn("{task.fields[text]}"),
            console=console,
            transient=True,
        )
        self._task = self._bar.add_task("solve", total=time_limit, text=self.text)
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._refresh, daemon=True)

    def __enter__(self) -> ProgressDisplay:
        if self.enabled:
            self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._done.set()
        if self._thread.is_alive():
            self._thread.join()

    def _refresh(self) -> None:
        if self._done.wait(1.0):
            return
        with self._bar:
            while not self._done.wait(0.25):
                elapsed = time.perf_counter() - self.started
                self._bar.update(
                    self._task, completed=min(elapsed, self.time_limit), text=self.text
                )

    def update(self, p: SolveProgress) -> None:
        gap = ""
        if p.bound:
            gap = f", gap {optimality_gap(p.scheduled_value, p.bound):.1%}"
        self.text = f"value {p.scheduled_value} (bound {p.bound}{gap})"


def summary_table(result: Result, out: Path) -> Table:
    table = Table(title="Plan", show_header=False)
    table.add_column(style="bold")
    table.add_column()
    for label, text in [*result_overview(result), ("written to", str(out))]:
        table.add_row(label, text)
    return table


@click.command()
@click.argument("scenario", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "-o",
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="Folder for plan.csv, unscheduled.csv and summary.json (created if needed).",
)
@click.option(
    "--time-limit",
    type=click.FloatRange(min=0.1),
    help="Seconds to search [default: the scenario's time_limit_seconds, 30].",
)
@workers_option
@click.option(
    "--seed",
    type=int,
    default=0,
    show_default=True,
    help="Random seed; same seed and workers give the same plan.",
)
@deterministic_option
@click.option("--quiet", "-q", is_flag=True, help="Print nothing but errors.")
@click.option("--log", is_flag=True, help="Print CP-SAT's search log.")
@click.option(
    "--archive",
    metavar="DB",
    help="Record the plan in this plan archive (an SQLite file or any SQLAlchemy URL).",
)
def command(
    scenario: Path,
    out: Path,
    time_limit: float | None,
    workers: int,
    seed: int,
    deterministic: bool,
    quiet: bool,
    log: bool,
    archive: str | None,
) -> None:
    """Plan SCENARIO (a scenario folder) and write the plan into OUT.

    OUT's plan files are replaced all at once (other files in OUT are kept). Exit codes: 0 plan
    written, 2 invalid scenario or OUT (an OUT that is, holds or lies inside SCENARIO), 3 no
    plan possible (pinned sessions that contradict each other or a rule), 4 another run is
    writing OUT, 5 the solver's plan broke a hard rule and a repaired plan was written, 6 the
    solver crashed (nothing written), 1 internal error.
    Ctrl-C (or SIGTERM) stops the search and still writes the best plan found.
    """
    console = Console(stderr=True, quiet=quiet)
    guard_or_exit(out, [("the scenario folder", scenario)], Console(stderr=True))
    loaded = load_or_exit(scenario, console)
    limit = time_limit or loaded.settings.time_limit_seconds
    result = _solve(loaded, console, limit, workers, seed, deterministic, quiet, log)
    if result.status is Status.INFEASIBLE:
        from planner.model import describe_conflict

        console.print("[red]No plan is possible:[/red] " + describe_conflict(loaded))
        sys.exit(exitcodes.NO_PLAN)
    _write(out, loaded, result)
    console.print(summary_table(result, out))
    _print_unscheduled(console, loaded, result)
    if result.repaired:
        _report_repairs(result)
        sys.exit(exitcodes.REPAIRED)
    if archive:
        from planner.archive import record_result

        run_id = record_result(archive, loaded, scenario, result, kind="solve")
        console.print(f"archived as run {run_id} in {archive}")


def _solve(
    scenario: Scenario,
    console: Console,
    limit: float,
    workers: int,
    seed: int,
    deterministic: bool,
    quiet: bool,
    log: bool,
) -> Result:
    """The checked solve in a child process, with a live progress line; Ctrl-C / SIGTERM end
    it early. A crashed solver exits 6 and leaves OUT as it was."""
    # The limit bounds the whole command: what loading and starting the solver take is not
    # the search's (the child takes what is left of the deadline when it starts).
    deadline = time.time() + limit - (time.perf_counter() - STARTED)
    stop = threading.Event()
    with ProgressDisplay(console, limit, enabled=not quiet and not log) as display:
        try:
            with stop_on_signals(stop):
                return solve(
                    scenario, time_limit=limit, workers=workers, seed=seed, log=log,
                    deterministic=deterministic, deadline=deadline, isolated=True,
                    progress=display.update, stop=stop,
                )  # fmt: skip
        except SolverCrashed as crash:
            Console(stderr=True).print(
                f"[bold red]{crash}; nothing was written, OUT keeps its previous plan. "
                "This is a solver defect or a kill; please report it.[/bold red]",
                soft_wrap=True,
            )
            sys.exit(exitcodes.CRASHED)


def _write(out: Path, scenario: Scenario, result: Result) -> None:
    """Publish the outputs, or exit: 4 while another run writes OUT, 2 for an unusable OUT."""
    with publish_or_exit(Console(stderr=True), "the plan"):
        write_outputs(out, scenario, result)


# Courses listed on the terminal; unscheduled.csv and the report hold them all.
SHOWN_UNSCHEDULED = 15


def _print_unscheduled(console: Console, scenario: Scenario, result: Result) -> None:
    """Unscheduled sessions by course, the root cause once (conditions not named: a terminal's
    output may end up in a cron mail)."""
    from planner.plan.unscheduled import by_course, without_conditions

    groups = by_course(scenario, result.plan.unscheduled)
    if not groups:
        return
    console.print(f"Unscheduled, by course ({len(groups)}):", markup=False)
    for g in groups[:SHOWN_UNSCHEDULED]:
        text = without_conditions(scenario, g.client_id, g.sentence())
        console.print(f"  {g.course_id} ({g.label}): {text}", markup=False, soft_wrap=True)
    if len(groups) > SHOWN_UNSCHEDULED:
        console.print(
            f"  ... {len(groups) - SHOWN_UNSCHEDULED} more in unscheduled.csv", markup=False
        )


def _report_repairs(result: Result) -> None:
    loud = Console(stderr=True)
    loud.print(
        f"[bold red]The solver's plan broke hard rules: {len(result.repaired)} session(s) "
        "were unscheduled so that the written plan is valid (see unscheduled.csv and "
        "'repaired' in summary.json). This is a solver defect; please report it.[/bold red]"
    )
    for repair in result.repaired:
        if repair.rules:
            rules = ", ".join(str(r) for r in repair.rules)
            loud.print(f"  {repair.course_id} session {repair.session}: rule {rules}")
