"""``planner nightly SCENARIO --archive DB -o EXPORTS``: the stable re-plan for cron or systemd."""

from __future__ import annotations

import sys
import threading
import traceback
from datetime import datetime
from pathlib import Path

import click

from planner import exitcodes
from planner.cli.common import (
    archive_option,
    deterministic_option,
    exports_option,
    note_option,
    published_formats_option,
    workers_option,
)
from planner.isolated import stop_on_signals
from planner.nightly import (
    NightlyFailure,
    NightlyOptions,
    close_logging,
    configure_logging,
    run_nightly,
)
from planner.nightly.logs import log
from planner.nightly.safety import DEFAULT_MAX_CHANGE


@click.command(name="nightly")
@click.argument("scenario", type=click.Path(path_type=Path))
@archive_option
@exports_option
@click.option(
    "--now",
    type=click.DateTime(formats=["%Y-%m-%dT%H:%M"]),
    help="The spa's local time YYYY-MM-DDTHH:MM (default: the machine's clock).",
)
@click.option(
    "--freeze-hours",
    type=click.FloatRange(min=0),
    default=24.0,
    show_default=True,
    help="Published sessions starting within this many hours from now stay as they are.",
)
@click.option(
    "--time-limit",
    type=click.FloatRange(min=0, min_open=True),
    help="Solve budget in seconds (default: the scenario's time_limit_seconds).",
)
@workers_option
@click.option("--seed", type=int, default=0, show_default=True, help="Random seed of the search.")
@deterministic_option
@published_formats_option
@click.option(
    "--log-file",
    type=click.Path(path_type=Path),
    help="Append the run's log here (rotated at 1 MB, 5 old files kept).",
)
@click.option(
    "--max-change",
    type=click.FloatRange(min=0, max=1),
    default=DEFAULT_MAX_CHANGE,
    show_default=True,
    help="Safety stop: exit 7 and publish nothing when more than this share of the published "
    "sessions after the freeze window would move or be dropped, or the scenario lost more "
    "than this share of its courses, therapists or shift minutes.",
)
@click.option(
    "--accept-change",
    is_flag=True,
    help="Publish even when the safety stop (--max-change) would stop the run.",
)
@note_option
def command(
    scenario: Path,
    archive_url: str,
    exports: Path,
    now: datetime | None,
    freeze_hours: float,
    time_limit: float | None,
    workers: int,
    seed: int,
    deterministic: bool,
    formats: tuple[str, ...],
    log_file: Path | None,
    max_change: float,
    accept_change: bool,
    note: str | None,
) -> None:
    """Re-plan SCENARIO against its last published plan in the archive and publish the result.

    Sessions that already began or start within --freeze-hours stay exactly as published; the
    rest is re-planned, moving as few published sessions as it can. The new plan is archived
    and its files written to the output folder all at once.

    The reference plan is what was last published for the days of this horizon, whichever
    run published it. Exit codes: 0 published, 1 internal error, 2 invalid scenario or
    archive, 3 no plan possible, 4 another run holds the lock, 5 the solver's plan broke a
    hard rule, 6 the solver crashed, 7 safety stop (--max-change; nothing published).
    SIGTERM or Ctrl-C ends the search early and publishes the best plan found.
    """
    handler = configure_logging(log_file)
    options = NightlyOptions(
        scenario_folder=scenario,
        archive_url=archive_url,
        exports=exports,
        now=now,
        freeze_hours=freeze_hours,
        time_limit=time_limit,
        workers=workers,
        seed=seed,
        deterministic=deterministic,
        formats=formats,
        note=note,
        max_change=max_change,
        accept_change=accept_change,
    )
    try:
        code = _run(options)
    finally:
        close_logging(handler)
    sys.exit(code)


def _run(options: NightlyOptions) -> int:
    """The run and its exit code; SIGINT / SIGTERM end its search early."""
    stop = threading.Event()
    try:
        with stop_on_signals(stop):
            report = run_nightly(options, stop)
    except NightlyFailure as failure:
        for problem in failure.problems:
            click.echo(str(problem), err=True)
        click.echo(f"error: {failure}", err=True)
        return failure.exit_code
    except Exception as error:  # cron gets an exit code and a line, never a traceback
        # The type and the frames only: a message could quote client data.
        log.error(
            "internal error %s\n%s",
            type(error).__name__,
            "".join(traceback.format_tb(error.__traceback__)),
        )
        click.echo(f"internal error: {type(error).__name__}: {error}", err=True)
        return exitcodes.INTERNAL_ERROR
    for line in report.lines():
        click.echo(line)
    return exitcodes.OK


__all__ = ["command"]
