"""Pieces shared by the sub-commands: loading a scenario with the contract's exit codes."""

from __future__ import annotations

import sys
from pathlib import Path

from rich.console import Console
from rich.markup import escape

from planner.cli import exitcodes
from planner.scenario import Problem, Scenario, ScenarioError, Severity, load_scenario


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
        scenario, warnings = load_scenario(folder)
    except ScenarioError as error:
        print_problems(console, error.problems)
        errors = [p for p in error.problems if p.severity is Severity.ERROR]
        if errors and all(p.code == "pin" for p in errors):
            Console(stderr=True).print(
                "[red]No plan is possible: the pinned sessions above break the rules.[/red]"
            )
            sys.exit(exitcodes.NO_PLAN)
        Console(stderr=True).print(f"[red]invalid scenario: {len(errors)} errors[/red]")
        sys.exit(exitcodes.INVALID_INPUT)
    print_problems(console, warnings)
    return scenario
