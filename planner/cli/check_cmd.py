"""``planner check SCENARIO PLAN.csv``: check a plan against the contract's hard rules."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from planner import exitcodes
from planner.check import CheckReport, check_plan_file


def _print_text(report: CheckReport) -> None:
    for problem in report.problems:
        click.echo(str(problem), err=True)
    if not report.readable:
        click.echo("Can't check: the scenario or the plan can't be read (see above).", err=True)
        return
    for violation in report.violations:
        sessions = ", ".join(f"{course} #{number}" for course, number in violation.sessions)
        where = f" [{sessions}]" if sessions else ""
        click.echo(f"rule {violation.rule}{where}: {violation.message}")
    if report.violations:
        click.echo(f"INVALID: {len(report.violations)} hard-rule violation(s).")
    else:
        click.echo("VALID: the plan keeps every hard rule.")
    if report.score is not None:
        parts = ", ".join(f"{name} {value}" for name, value in report.score.parts.items())
        click.echo(f"scheduled_value: {report.score.scheduled_value}")
        click.echo(f"penalty: {report.score.penalty} ({parts})")
    click.echo(f"sessions scheduled: {report.sessions_scheduled} of {report.sessions_total}")


def _exit_code(report: CheckReport) -> int:
    if not report.readable:
        return exitcodes.INVALID_INPUT
    return exitcodes.VIOLATIONS if report.violations else exitcodes.OK


@click.command(name="check")
@click.argument("scenario", type=click.Path(path_type=Path))
@click.argument("plan", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
def command(scenario: Path, plan: Path, as_json: bool) -> None:
    """Check PLAN (a plan.csv) against the hard rules of SCENARIO (a scenario folder).

    Prints each violation with its rule number, sessions and facts, then the plan's score.
    Exit codes: 0 valid, 1 the plan breaks hard rules, 2 the scenario or plan can't be read.
    """
    try:
        report = check_plan_file(scenario, plan)
    except Exception as error:  # a bug must still not show a traceback to a spa manager
        click.echo(f"internal error while checking: {type(error).__name__}: {error}", err=True)
        sys.exit(exitcodes.INTERNAL_ERROR)
    if as_json:
        click.echo(json.dumps(report.to_dict(), indent=2, ensure_ascii=False))
    else:
        _print_text(report)
    sys.exit(_exit_code(report))


__all__ = ["command"]
