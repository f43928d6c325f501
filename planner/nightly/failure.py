"""How a nightly run fails: with an exit code for cron and the problems behind it."""

from __future__ import annotations

from collections.abc import Sequence

from planner.scenario.errors import Problem


class NightlyFailure(Exception):
    """The nightly run stopped without publishing; ``exit_code`` says why (for cron)."""

    def __init__(self, exit_code: int, message: str, problems: Sequence[Problem] = ()) -> None:
        self.exit_code = exit_code
        self.problems = tuple(problems)
        super().__init__(message)
