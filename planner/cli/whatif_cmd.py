"""``planner whatif``: solve a base scenario and its what-if variants, and compare them."""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from planner import exitcodes
from planner.cli.common import deterministic_option, guard_or_exit, load_or_exit, publish_or_exit
from planner.isolated import stop_on_signals
from planner.plan.publish import folder_lock
from planner.whatif.compare import ComparisonRow
from planner.whatif.errors import VariantsError
from planner.whatif.limits import run_options
from planner.whatif.pipeline import Prepared, prepare_variants, run_whatif
from planner.whatif.render import terminal_table, write_comparison
from planner.whatif.runner import BackendUnavailable, Outcome


def run_flags(function: Callable[..., Any]) -> Callable[..., Any]:
    """The options ``whatif`` and ``batch`` share."""
    options = (
        click.option(
            "-o",
            "--out",
            type=click.Path(file_okay=False, path_type=Path),
            required=True,
            help="Output folder (created if needed).",
        ),
        click.option(
            "--jobs",
            type=click.IntRange(min=1),
            help="Solves at once on this machine "
            "[default: as many as cores, at most the number of solves].",
        ),
        click.option(
            "--workers",
            type=click.IntRange(min=1),
            help="CP-SAT workers per solve [default: cores / jobs].",
        ),
        click.option(
            "--time-limit",
            type=click.FloatRange(min=0.1),
            help="Seconds per solve [default: each scenario's time_limit_seconds].",
        ),
        click.option(
            "--seed",
            type=int,
            default=0,
            show_default=True,
            help="Random seed; with --deterministic, the same seed and workers give the same "
            "plans.",
        ),
        deterministic_option,
        click.option(
            "--timeout",
            type=click.FloatRange(min=1),
            help="Seconds a job may run before it is reported as timed out "
            "[default: 2 x time limit + 60].",
        ),
        click.option(
            "--scheduler",
            metavar="tcp://HOST:PORT",
            help="Run the solves on this Dask distributed scheduler instead of local processes.",
        ),
        click.option("--quiet", "-q", is_flag=True, help="Print nothing but errors."),
    )
    for option in reversed(options):
        function = option(function)
    return function


@contextmanager
def progress_bar(console: Console, total: int) -> Iterator[Callable[[Outcome], None]]:
    """A progress bar over jobs; yields the callback that ticks it as each job finishes."""
    bar = Progress(
        TextColumn("[bold]solving"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.fields[last]}"),
        console=console,
        transient=True,
    )
    task = bar.add_task("jobs", total=total, last="")

    def tick(outcome: Outcome) -> None:
        state = "done" if outcome.ok else ("timed out" if outcome.timed_out else "failed")
        state = "crashed" if outcome.crashed else state
        bar.update(task, advance=1, last=f"{escape(outcome.name)} {state}")

    with bar:
        yield tick


def finish(
    console: Console, out: Path, rows: Sequence[ComparisonRow], label: str, title: str
) -> int:
    """Write the comparison, print it; the exit code: 6 if a solver crashed, else 1 if any job
    failed or broke a rule."""
    write_comparison(out, rows, label, title)
    screen = Console(quiet=console.quiet)
    if not screen.is_terminal:
        screen = Console(quiet=console.quiet, width=160)  # a log file or a pipe: don't squeeze
    screen.print(terminal_table(rows, label, title))
    failed = [row for row in rows if row.failed]
    for row in failed:
        why = row.error or f"the plan breaks {row.violations} hard rules"
        Console(stderr=True).print(f"[red]{escape(row.name)}: {escape(why)}[/red]")
    console.print(
        f"comparison written to {out / 'comparison.csv'} and {out / 'comparison.html'}",
        soft_wrap=True,
    )
    if any(row.status == "crashed" for row in rows):
        return exitcodes.CRASHED
    return exitcodes.INTERNAL_ERROR if failed else exitcodes.OK


def backend_unavailable(error: BackendUnavailable) -> None:
    Console(stderr=True).print(f"[red]{escape(str(error))}[/red]")
    sys.exit(exitcodes.INVALID_INPUT)


@click.command()
@click.argument("base", type=click.Path(file_okay=False, path_type=Path))
@click.argument("variants", type=click.Path(dir_okay=False, path_type=Path))
@run_flags
def command(
    base: Path,
    variants: Path,
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
    """Solve BASE (a scenario folder) and every variant of VARIANTS (a TOML file), then compare.

    Each variant starts from the base's plan, its reference plan (what of it still keeps every
    rule), and moves a base session only if that books more value than weights.stability per
    move, so a small change gives a small difference. OUT gets base/ and one folder per
    variant (plan outputs and the variant's scenario/ for `planner check`), comparison.csv
    and comparison.html.

    Exit codes: 0 every plan valid, 1 a job failed, timed out or broke a rule (the other
    results are still written), 2 invalid scenario, variants file or scheduler (or an OUT
    that is, holds or lies inside BASE), 4 another run is writing OUT, 6 a solver crashed
    (the other results are still written). SIGINT / SIGTERM end the running solves
    early with their best plans; jobs not started yet are reported as not solved.
    """
    console = Console(stderr=True, quiet=quiet)
    guard_or_exit(out, [("the base scenario folder", base)], Console(stderr=True))
    loaded = load_or_exit(base, console)
    try:
        prepared = prepare_variants(loaded, variants)
    except VariantsError as error:
        for problem in error.problems:
            Console(stderr=True).print(f"[red]{escape(str(problem))}[/red]", soft_wrap=True)
        Console(stderr=True).print(f"[red]invalid variants: {len(error.problems)} problems[/red]")
        sys.exit(exitcodes.INVALID_INPUT)
    options = run_options(
        loaded.settings.time_limit_seconds, time_limit=time_limit, seed=seed, jobs=jobs,
        workers=workers, timeout=timeout, scheduler=scheduler, deterministic=deterministic,
    )  # fmt: skip
    base_job = Prepared("base", loaded, str(base))
    stop = threading.Event()
    title = f"What if: {loaded.settings.name or base.name}"
    # OUT's lock for the whole run: another writer into OUT waits, then exits 4.
    with publish_or_exit(Console(stderr=True), "OUT"), folder_lock(out):
        try:
            with progress_bar(console, len(prepared) + 1) as tick, stop_on_signals(stop):
                rows = run_whatif(base_job, prepared, out, options, tick, stop)
        except BackendUnavailable as error:
            backend_unavailable(error)
        code = finish(console, out, rows, "variant", title)
    sys.exit(code)
