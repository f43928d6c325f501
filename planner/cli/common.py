"""Pieces shared by the sub-commands: loading a scenario with the contract's exit codes, and
the options that mean the same in several commands."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click
from rich.console import Console
from rich.markup import escape

from planner import exitcodes
from planner.check.pin_check import PIN_CODE, load_checked_scenario
from planner.plan.guard import OutputOverlapsInput, Reads, refuse_overlap
from planner.plan.publish import PublishLocked, PublishRefused
from planner.scenario import Problem, Scenario, ScenarioError, Severity
from planner.scenario.settings import START_CODE

# The plan archive of a command that can't work without one (``nightly``, ``history``).
archive_option = click.option(
    "--archive",
    "archive_url",
    required=True,
    metavar="DB",
    help="Plan archive: an SQLite file or an SQLAlchemy URL.",
)

# The search's mode, the same for every command that solves.
deterministic_option = click.option(
    "--deterministic/--no-deterministic",
    default=False,
    show_default=True,
    help="Bound every search by the work it may do instead of the clock, so that the same "
    "scenario, seed and workers give the same plan byte for byte on any machine (slightly "
    "weaker plans; the clock steps in only after 3 x the limit).",
)

# CP-SAT workers of a command that runs one solve (``solve``, ``nightly``).
workers_option = click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=2,
    show_default=True,
    help="CP-SAT search workers.",
)


def export_formats(_ctx: click.Context, _param: click.Parameter, value: str) -> tuple[str, ...]:
    """Click callback: the comma-separated export formats of ``value``, or a usage error."""
    # Imported here: commands that never export should not load the exporters.
    from planner.export import parse_formats

    try:
        return parse_formats(value)
    except ValueError as error:
        raise click.BadParameter(str(error)) from None


def _published_formats(ctx: click.Context, param: click.Parameter, text: str) -> tuple[str, ...]:
    """The export formats asked for; none (an empty option) publishes the plan files only."""
    if not text.strip():
        return ()
    return export_formats(ctx, param, text)


# The published plan's folder and its contents, the same for `nightly` and `book`.
exports_option = click.option(
    "-o",
    "--output",
    "exports",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder the plan and its exports are published to (replaced as a whole).",
)
published_formats_option = click.option(
    "--formats",
    default="csv,xlsx,ics,html",
    show_default=True,
    callback=_published_formats,
    help="Export formats, comma-separated; empty for the plan files only.",
)
note_option = click.option("--note", help="Free text kept with the archived run.")


def print_problems(console: Console, problems: list[Problem]) -> None:
    """Errors first, then warnings, each on its own line (always shown, even with --quiet)."""
    err = Console(stderr=True)
    for severity, colour in ((Severity.ERROR, "red"), (Severity.WARNING, "yellow")):
        for problem in problems:
            if problem.severity is severity:
                target = err if severity is Severity.ERROR else console
                target.print(f"[{colour}]{escape(str(problem))}[/{colour}]", soft_wrap=True)


def load_or_exit(folder: Path, console: Console) -> Scenario:
    """Load ``folder`` or exit: 2 for an invalid scenario, 3 when only pinned sessions clash."""
    try:
        scenario, warnings = load_checked_scenario(folder)
    except ScenarioError as error:
        print_problems(console, error.problems)
        errors = [p for p in error.problems if p.severity is Severity.ERROR]
        # A guessed start told as an error only explains the pins' errors (exit 3 still).
        pins = [p for p in errors if p.code != START_CODE]
        if pins and all(p.code == PIN_CODE for p in pins):
            Console(stderr=True).print(
                "[red]No plan is possible: the pinned sessions above break the rules.[/red]"
            )
            sys.exit(exitcodes.NO_PLAN)
        Console(stderr=True).print(f"[red]invalid scenario: {len(errors)} errors[/red]")
        sys.exit(exitcodes.INVALID_INPUT)
    print_problems(console, warnings)
    return scenario


@contextmanager
def publish_or_exit(console: Console, what: str) -> Iterator[None]:
    """Publish in the ``with`` block, or exit: 4 while another run writes the folder, 2 for a
    folder that can't be used (``can't write WHAT: ...``)."""
    try:
        yield
    except PublishLocked as error:
        console.print(str(error), markup=False, soft_wrap=True)
        sys.exit(exitcodes.LOCKED)
    except (PublishRefused, NotADirectoryError) as error:
        console.print(f"can't write {what}: {error}", markup=False, soft_wrap=True)
        sys.exit(exitcodes.INVALID_INPUT)


def guard_or_exit(out: Path, reads: Reads, console: Console, option: str = "-o") -> None:
    """Exit 2 before anything is written if ``out`` is, holds or lies inside an input
    (:func:`planner.plan.guard.refuse_overlap`)."""
    try:
        refuse_overlap(out, reads, option=option)
    except OutputOverlapsInput as error:
        console.print(f"error: {error}", markup=False, soft_wrap=True)
        sys.exit(exitcodes.INVALID_INPUT)


def archive_file(archive_url: str | None) -> Path | None:
    """The SQLite file of the archive ``archive_url`` (None: no archive, or not SQLite)."""
    if archive_url is None:
        return None
    # Imported here: the light commands never open an archive.
    from planner.archive import resolve_archive_url, sqlite_file

    return sqlite_file(resolve_archive_url(archive_url))
