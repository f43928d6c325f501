"""The headline figures of a manager's report (utilisation is :mod:`planner.plan.utilisation`)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from planner.plan.folder import PlanBundle
from planner.plan.result import Status
from planner.plan.score import optimality_gap, score
from planner.scenario.types import Scenario

_STATUSES = tuple(status.value for status in Status)


@dataclass(frozen=True)
class Kpis:
    """Headline figures of a plan. ``status`` is ``"not given"`` without a ``summary.json``."""

    status: str
    sessions_scheduled: int
    sessions_total: int
    scheduled_value: int
    penalty: int
    bound: int | None
    gap: float | None


def _whole(value: object) -> int | None:
    # bool is an int in Python; a summary saying "penalty": true is not a number.
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _fraction(value: object) -> float | None:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    return None


def plan_kpis(scenario: Scenario, bundle: PlanBundle) -> Kpis:
    """Headline figures: status and bound from the solve's summary where present, the score
    from the plan itself.

    The scheduled value and penalty always come from the independent scorer, so a report can't
    show figures that disagree with the plan it belongs to.
    """
    summary: Mapping[str, object] = bundle.summary
    measured = score(scenario, bundle.sessions)
    status = summary.get("status")
    bound = _whole(summary.get("bound"))
    gap = _fraction(summary.get("gap"))
    if gap is None and bound is not None:
        gap = optimality_gap(measured.scheduled_value, bound)
    return Kpis(
        status=status if isinstance(status, str) and status in _STATUSES else "not given",
        sessions_scheduled=len(bundle.sessions),
        sessions_total=scenario.sessions_total,
        scheduled_value=measured.scheduled_value,
        penalty=measured.penalty,
        bound=bound,
        gap=gap,
    )
