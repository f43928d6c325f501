"""``planner validate SCENARIO``: load a scenario folder and report every problem in it."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from planner import exitcodes
from planner.check.pin_check import load_checked_scenario
from planner.scenario import Problem, Scenario, ScenarioError, Severity


def _echo_problems(problems: list[Problem]) -> None:
    """Errors first, then warnings, each in the order found."""
    for severity, colour in ((Severity.ERROR, "red"), (Severity.WARNING, "yellow")):
        for problem in problems:
            if problem.severity is severity:
                click.secho(str(problem), fg=colour)


def _summary(scenario: Scenario) -> list[str]:
    """What was loaded, in a spa manager's words (no client or health data)."""
    settings = scenario.settings
    last = settings.last_day
    open_days = sum(settings.opening(day) is not None for day in range(settings.days))
    shift_hours = sum(s.end - s.start for s in scenario.shifts) / 60
    sessions = scenario.sessions_total
    value = sum(c.sessions * c.priority for c in scenario.courses)
    with_rows = len(scenario.availability_by_client)
    name = f"{settings.name!r}: " if settings.name else ""
    return [
        f"scenario {name}{settings.start:%a %Y-%m-%d} .. {last:%a %Y-%m-%d} "
        f"({settings.days} days, {open_days} open)",
        f"  therapists: {len(scenario.therapists)} with {len(scenario.shifts)} shifts "
        f"({shift_hours:g} h)",
        f"  rooms: {len(scenario.rooms)} with {len(scenario.room_closures)} closures",
        f"  treatments: {len(scenario.treatments)}",
        f"  clients: {len(scenario.clients)} ({with_rows} with availability rows)",
        f"  courses: {len(scenario.courses)} asking for {sessions} sessions (total value {value})",
        f"  pinned sessions: {len(scenario.pins)}",
        f"  contraindication rules in effect: {len(scenario.contraindications)}",
        f"  slot {settings.slot_minutes} min, turnover {settings.turnover_minutes} min, "
        f"assessment {settings.assessment_minutes} min",
    ]


@click.command(name="validate")
@click.argument("scenario", type=click.Path(path_type=Path))
@click.option("--strict", is_flag=True, help="Treat warnings as errors (exit 2 if any).")
def command(scenario: Path, strict: bool) -> None:
    """Check the scenario folder SCENARIO against the input contract.

    Prints every error and warning with its file, row (header = row 1) and column, then a
    summary of what was loaded. Exit codes: 0 valid (warnings allowed), 2 invalid input,
    1 internal error.
    """
    try:
        loaded, warnings = load_checked_scenario(scenario)
    except ScenarioError as error:
        _echo_problems(error.problems)
        errors = sum(p.severity is Severity.ERROR for p in error.problems)
        click.secho(f"invalid: {errors} errors", fg="red", bold=True)
        sys.exit(exitcodes.INVALID_INPUT)
    except Exception as error:  # a bug must still not show a traceback to a spa manager
        click.echo(f"internal error while validating: {type(error).__name__}: {error}", err=True)
        sys.exit(exitcodes.INTERNAL_ERROR)
    _echo_problems(warnings)
    for line in _summary(loaded):
        click.echo(line)
    sessions = loaded.sessions_total
    click.echo(
        f"valid: {len(loaded.courses)} courses, {sessions} sessions, "
        f"{len(loaded.therapists)} therapists, {len(loaded.rooms)} rooms, "
        f"{len(loaded.pins)} pinned, {len(warnings)} warnings"
    )
    if strict and warnings:
        click.secho(f"strict: {len(warnings)} warnings count as errors", fg="red")
        sys.exit(exitcodes.INVALID_INPUT)
    sys.exit(exitcodes.OK)


__all__ = ["command"]
