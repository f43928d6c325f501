"""``planner batch``: solve many scenario folders (e.g. every location of a chain) and compare."""

from __future__ import annotations

import sys
import threading
from pathlib import Path

import click
from rich.console import Console
from rich.markup import escape

from planner import exitcodes
from planner.cli.common import guard_or_exit, publish_or_exit
from planner.cli.whatif_cmd import backend_unavailable, finish, progress_bar, run_flags
from planner.isolated import stop_on_signals
from planner.plan.publish import folder_lock
from planner.scenario.errors import Severity
from planner.whatif.compare import ComparisonRow, invalid_row
from planner.whatif.limits import longest_limit, run_options
from planner.whatif.pipeline import prepare_batch, run_batch
from planner.whatif.runner import BackendUnavailable


@click.command()
@click.argument(
    "scenarios", nargs=-1, required=True, type=click.Path(file_okay=False, path_type=Path)
)
@run_flags
def command(
    scenarios: tuple[Path, ...],
    out: Path,
    jobs: int | None,
    workers: int | None,
    time_limit: float | None,
    seed: int,
    deterministic: bool,
    timeout: float | None,
    scheduler: str | None,
    quiet: bool,
) -> None:
    """Solve every scenario folder of SCENARIOS and compare them.

    OUT gets one folder per scenario (named after it) with its plan outputs and a copy of the
    scenario, plus comparison.csv and comparison.html. A scenario that doesn't load, a failing
    or timed-out solve is reported in the comparison; the other results are kept.

    Exit codes: 0 every plan valid, 1 a job failed, timed out or broke a rule, 6 a solver
    crashed, 2 a scenario is invalid or the scheduler can't be reached (the valid ones are
    still solved), or OUT is, holds or lies inside a scenario folder (nothing solved), 4 another
    run is writing OUT. SIGINT / SIGTERM end the running solves early with their best plans.
    """
    console = Console(stderr=True, quiet=quiet)
    reads = [("a scenario folder", folder) for folder in scenarios]
    guard_or_exit(out, reads, Console(stderr=True))
    prepared, invalid = prepare_batch(list(scenarios))
    for name, error in invalid:
        for problem in error.problems:
            if problem.severity is Severity.ERROR:
                Console(stderr=True).print(f"[red]{escape(name)}: {escape(str(problem))}[/red]")
    invalid_rows = [invalid_row(name, error) for name, error in invalid]
    options = run_options(
        longest_limit(p.scenario for p in prepared), time_limit=time_limit, seed=seed,
        jobs=jobs, workers=workers, timeout=timeout, scheduler=scheduler,
        deterministic=deterministic,
    )  # fmt: skip
    rows: list[ComparisonRow] = []
    # OUT's lock for the whole run: another writer into OUT waits, then exits 4.
    with publish_or_exit(Console(stderr=True), "OUT"), folder_lock(out):
        if prepared:
            stop = threading.Event()
            try:
                with progress_bar(console, len(prepared)) as tick, stop_on_signals(stop):
                    rows = run_batch(prepared, out, options, tick, stop)
            except BackendUnavailable as error:
                backend_unavailable(error)
        out.mkdir(parents=True, exist_ok=True)
        code = finish(console, out, rows + invalid_rows, "scenario", "Batch")
    sys.exit(exitcodes.INVALID_INPUT if invalid else code)
