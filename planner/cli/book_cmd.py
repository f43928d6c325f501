"""``planner book SCENARIO --archive DB -o EXPORTS --client C --treatment T --sessions N``."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from planner import exitcodes
from planner.cli.common import (
    archive_option,
    exports_option,
    note_option,
    published_formats_option,
)
from planner.cli.fit_options import fit_request, request_options


@click.command(name="book")
@click.argument("scenario", type=click.Path(file_okay=False, path_type=Path))
@archive_option
@exports_option
@request_options
@click.option("--choose", type=click.IntRange(min=1), default=1, show_default=True,
              help="Rank of the option to book, as `planner fit` lists them.")  # fmt: skip
@published_formats_option
@note_option
def command(
    scenario: Path,
    archive_url: str,
    exports: Path,
    choose: int,
    formats: tuple[str, ...],
    note: str | None,
    **options: Any,
) -> None:
    """Book option --choose of a new course into the live SCENARIO folder and publish the plan.

    Books exactly what `planner fit` shows for the same options and clock (--now, default the
    machine's, plus --lead-minutes): a complete booking, or the longest prefix that fits. The
    course (and a new client, with --phone and --available) is added to SCENARIO, each booked
    session becomes a row of its pinned.csv marked `booked`, so every later re-plan keeps it,
    and the new plan is archived and published to the exports folder; all of it or nothing,
    under the nightly job's lock.

    Exit codes: 0 booked and published, 2 invalid input (or --choose beyond the options
    found), 3 nothing of the course fits (nothing written), 4 the nightly lock or the exports
    folder is held.
    """
    # Imported here: booking loads the model, the archive and the exporters.
    from planner.book import BookFailure, BookOptions, book

    request = fit_request(options)
    book_options = BookOptions(
        scenario_folder=scenario,
        archive_url=archive_url,
        exports=exports,
        request=request,
        choose=choose,
        top=options["top"],
        allow_moves=options["allow_moves"],
        freeze_hours=options["freeze_hours"],
        formats=formats,
        note=note,
    )
    try:
        result = book(book_options)
    except BookFailure as failure:
        click.echo(f"error: {failure}", err=True)
        sys.exit(failure.exit_code)
    for line in result.lines():
        click.echo(line)
    sys.exit(exitcodes.OK)


__all__ = ["command"]
