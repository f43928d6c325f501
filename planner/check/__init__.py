"""The independent plan checker: the referee for every plan, whoever made it.

It reads only the scenario and the contract's hard rules (never the optimisation model), so a
solver bug cannot hide behind a shared mistake.
"""

from planner.check.report import CheckReport, check_plan, check_plan_file
from planner.check.rules import RULES, check_sessions
from planner.check.score import Score, score
from planner.check.violation import Violation

__all__ = [
    "RULES",
    "CheckReport",
    "Score",
    "Violation",
    "check_plan",
    "check_plan_file",
    "check_sessions",
    "score",
]
