"""What a missing or invalid ``start`` brings along, told once and first.

Without a valid ``start`` the horizon is the week after the first Monday after today, and a
scenario written for another week then yields a warning for every shift, course or availability
row outside that guess, and perhaps errors for the pinned sessions. The cause would hide under
the consequences: :func:`guess_first` puts the problem about ``start`` first and groups the
row-by-row horizon warnings into one warning per file.
"""

from __future__ import annotations

from dataclasses import replace

from planner.scenario.errors import Problem, Severity
from planner.scenario.settings import START_CODE

# Messages of row warnings that follow from where the horizon lies.
_HORIZON_WORDS = ("outside the horizon", "after the horizon start")
# Rows named in a grouped warning before "...".
_ROWS_SHOWN = 5
GROUPED_CODE = "horizon-rows"


def _follows_from_horizon(problem: Problem) -> bool:
    return (
        problem.severity is Severity.WARNING
        and problem.row is not None
        and any(words in problem.message for words in _HORIZON_WORDS)
    )


def _grouped(file: str, rows: list[int]) -> Problem:
    shown = ", ".join(map(str, rows[:_ROWS_SHOWN])) + (", ..." if len(rows) > _ROWS_SHOWN else "")
    return Problem(
        file,
        None,
        None,
        f"{len(rows)} row(s) lie outside the assumed horizon (rows {shown}); "
        "give scenario.toml a 'start'",
        Severity.WARNING,
        GROUPED_CODE,
    )


def guess_first(problems: list[Problem]) -> list[Problem]:
    """``problems`` with the one about a guessed ``start`` first, when there is one.

    The row warnings about the horizon become one warning per file (with a count and the first
    rows). When errors remain (none of them in ``scenario.toml`` itself), a missing ``start``
    is told as an error too, so that the first line a command prints names it and not what
    follows from it. Other lists come back as
    they were.
    """
    guess = next((p for p in problems if p.code == START_CODE), None)
    if guess is None:
        return problems
    rest: list[Problem] = []
    by_file: dict[str, list[int]] = {}
    for problem in problems:
        if problem is guess:
            continue
        if _follows_from_horizon(problem):
            assert problem.row is not None
            by_file.setdefault(problem.file, []).append(problem.row)
        else:
            rest.append(problem)
    errors = [p for p in rest if p.severity is Severity.ERROR]
    # An error of scenario.toml itself (unreadable, not TOML) says more than the guess does.
    if guess.severity is Severity.WARNING and errors and all(p.file != guess.file for p in errors):
        message = f"{guess.message}; the errors below may follow from that guess"
        guess = replace(guess, message=message, severity=Severity.ERROR)
    grouped = [_grouped(file, rows) for file, rows in by_file.items()]
    return [guess, *grouped, *rest]
