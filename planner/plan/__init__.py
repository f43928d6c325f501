"""The plan, solver-free: what every part of the project passes around.

``types`` (planned and unscheduled sessions), ``result`` (what a solve returns and its
``summary.json``), ``score`` (the contract's score), ``utilisation``, ``csvfiles`` (``plan.csv``,
``unscheduled.csv``), ``folder`` (a whole output folder, read and written), ``publish`` (replacing
files and folders all at once), ``pins`` (pinned sessions as planned sessions) and ``advice``
(``advice.csv`` of ``planner advise``, read back). Nothing here
imports the optimisation model, so reading, checking, exporting and archiving a plan never loads
CP-SAT.
"""

from planner.plan.result import Result, Status
from planner.plan.score import Score, optimality_gap, scheduled_value, score
from planner.plan.types import (
    PLAN_COLUMNS,
    UNSCHEDULED_COLUMNS,
    Plan,
    PlannedSession,
    Repair,
    UnscheduledSession,
)

__all__ = [
    "PLAN_COLUMNS",
    "UNSCHEDULED_COLUMNS",
    "Plan",
    "PlannedSession",
    "Repair",
    "Result",
    "Score",
    "Status",
    "UnscheduledSession",
    "optimality_gap",
    "scheduled_value",
    "score",
]
