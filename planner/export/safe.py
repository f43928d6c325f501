"""Formula escaping for the exports: :mod:`planner.plan.safe`, whose rule the call lists share.

It lives in the plan package because the call list (:mod:`planner.plan.notify`) is written by
commands below the exports too (``planner book``); one rule serves every file people open.
"""

from __future__ import annotations

from planner.plan.safe import FORMULA_TRIGGERS, escape_formula

__all__ = ["FORMULA_TRIGGERS", "escape_formula"]
