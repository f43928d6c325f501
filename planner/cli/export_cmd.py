"""``planner export PLAN_DIR --scenario SCENARIO -o OUT``: a plan as workbook, calendars, report."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from rich.console import Console
from rich.markup import escape

from planner import exitcodes
from planner.cli.common import export_formats, guard_or_exit, load_or_exit, print_problems
from planner.export import FORMATS, ExportOptions, ExportReport, PlanViolatesRules, export_plan
from planner.plan.advice import AdviceRow, read_advice_csv
from planner.plan.folder import PlanFolderError
from planner.plan.publish import PublishLocked, PublishRefused
from planner.scenario import Scenario


@click.command(name="export")
@click.argument("plan_dir", type=click.Path(path_type=Path))
@click.option(
    "--scenario",
    "scenario_dir",
    required=True,
    type=click.Path(path_type=Path),
    help="Scenario folder the plan was made for.",
)
@click.option(
    "--format",
    "formats",
    default=",".join(FORMATS),
    show_default=True,
    callback=export_formats,
    help="Comma-separated formats: xlsx (workbook), ics (a calendar per therapist), "
    "html (manager's report), csv (plan files and readable rosters).",
)
@click.option(
    "-o", "--out", required=True, type=click.Path(path_type=Path), help="Folder to publish into."
)
@click.option(
    "--calendar-id", help="Fixed id of the spa in calendar UIDs [default: scenario name]."
)
@click.option(
    "--tz",
    "tzid",
    help="IANA time zone for calendars, e.g. Europe/Kyiv [default: floating local time].",
)
@click.option("--force", is_flag=True, help="Export even a plan that breaks hard rules.")
@click.option(
    "--advice",
    "advice_file",
    type=click.Path(path_type=Path),
    metavar="FILE",
    help="advice.csv of `planner advise -o`: the html report gains the section 'What one "
    "change would book more'. Only the html format shows it: refused if --format has no html.",
)
@click.option("-q", "--quiet", is_flag=True, help="Print errors only.")
def command(
    plan_dir: Path,
    scenario_dir: Path,
    formats: tuple[str, ...],
    out: Path,
    calendar_id: str | None,
    tzid: str | None,
    force: bool,
    advice_file: Path | None,
    quiet: bool,
) -> None:
    """Export the plan in PLAN_DIR (plan.csv, unscheduled.csv, summary.json of a solve).

    OUT is replaced as a whole, atomically: it holds either the previous export or the complete
    new one. Exit codes: 0 exported, 1 the plan breaks hard rules (use --force) or an internal
    error, 2 unreadable input (scenario, plan files or the --advice file) or an OUT that is,
    holds or lies inside one of them (nothing is written), 4 another export into OUT is
    running.
    """
    console = Console(quiet=quiet)
    err = Console(stderr=True)
    reads = [
        ("the plan folder", plan_dir),
        ("the scenario folder", scenario_dir),
        ("the advice file", advice_file),
    ]
    guard_or_exit(out, reads, err)
    scenario = load_or_exit(scenario_dir, console)
    advice = None if advice_file is None else _advice_or_exit(advice_file, formats, console)
    options = ExportOptions(
        calendar_id=calendar_id, tzid=tzid, allow_violations=force, advice=advice
    )
    report = _export_or_exit(plan_dir, scenario, out, formats, options, console)
    print_problems(console, list(report.warnings))
    console.print(f"exported {len(report.files)} files to {report.folder}", markup=False)
    for name in report.files:
        console.print(f"  {name}", markup=False)
    sys.exit(exitcodes.OK)


def _export_or_exit(
    plan_dir: Path,
    scenario: Scenario,
    out: Path,
    formats: tuple[str, ...],
    options: ExportOptions,
    console: Console,
) -> ExportReport:
    """Export the plan, or exit with the code of what went wrong (nothing is written then)."""
    err = Console(stderr=True)
    try:
        return export_plan(plan_dir, scenario, out, formats, options)
    except PlanFolderError as error:
        print_problems(console, error.problems)
        err.print(f"[red]can't export: the plan in {plan_dir} can't be read[/red]")
        sys.exit(exitcodes.INVALID_INPUT)
    except PlanViolatesRules as error:
        for violation in error.violations[:20]:
            err.print(f"rule {violation.rule}: {violation.message}", markup=False, soft_wrap=True)
        more = len(error.violations) - 20
        if more > 0:
            err.print(f"... and {more} more (see `planner check`)", markup=False)
        err.print(f"[red]not exported: {error}; use --force to export it anyway[/red]")
        sys.exit(exitcodes.VIOLATIONS)
    except PublishRefused as error:
        err.print(f"can't export: {error}", markup=False)
        sys.exit(exitcodes.INVALID_INPUT)
    except ValueError as error:
        err.print(f"invalid option: {error}", markup=False)
        sys.exit(exitcodes.INVALID_INPUT)
    except PublishLocked as error:
        err.print(str(error), markup=False)
        sys.exit(exitcodes.LOCKED)
    except OSError as error:
        err.print(f"can't write {out}: {error.strerror or error}", markup=False)
        sys.exit(exitcodes.INTERNAL_ERROR)
    except Exception as error:  # a bug must still not show a traceback to a spa manager
        err.print(f"internal error while exporting: {type(error).__name__}: {error}", markup=False)
        sys.exit(exitcodes.INTERNAL_ERROR)


def _advice_or_exit(
    path: Path, formats: tuple[str, ...], console: Console
) -> tuple[AdviceRow, ...]:
    """The rows of the advice file ``path``, or exit 2 saying what is wrong (nothing written)."""
    err = Console(stderr=True)
    if "html" not in formats:
        err.print(
            f"invalid option: --advice is shown only in the html report, and --format "
            f"{','.join(formats)} has no html; add html or leave --advice out",
            markup=False,
            soft_wrap=True,
        )
        sys.exit(exitcodes.INVALID_INPUT)
    rows, problems = read_advice_csv(path)
    if problems:
        print_problems(console, problems)
        where = escape(str(path))
        err.print(f"[red]can't export: the advice in {where} can't be read[/red]", soft_wrap=True)
        sys.exit(exitcodes.INVALID_INPUT)
    return tuple(rows)


__all__ = ["command"]
