"""The independent plan checker: one judge for every plan, whoever made it.

It reads only the scenario, the plan and the contract's hard rules (never the optimisation
model), so a solver bug cannot hide behind a shared mistake. One function per hard rule
(``rules_*.py``, listed in :data:`HARD_RULES`); the contract's score comes from
:mod:`planner.plan.score`; pinned sessions are checked when a scenario is loaded
(:mod:`planner.check.pin_check`, which also validates a scenario made in memory:
:func:`settle_scenario`); the final check of a solve repairs a broken plan
(:mod:`planner.check.repair`).
"""

from planner.check.pin_check import check_pins_against_rules, load_checked_scenario, settle_scenario
from planner.check.report import CheckReport, check_plan, check_plan_file
from planner.check.rules import HARD_RULES, check_sessions
from planner.check.violation import Violation
from planner.plan.score import Score, score

__all__ = [
    "HARD_RULES",
    "CheckReport",
    "Score",
    "Violation",
    "check_pins_against_rules",
    "check_plan",
    "check_plan_file",
    "check_sessions",
    "load_checked_scenario",
    "score",
    "settle_scenario",
]
