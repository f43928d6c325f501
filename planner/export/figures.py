"""The numbers a manager's report shows: headline figures and utilisation of staff and rooms."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from planner.check import score
from planner.export.bundle import PlanBundle
from planner.export.views import SessionView
from planner.scenario.types import Scenario

_STATUSES = ("optimal", "feasible", "infeasible", "unknown")


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


@dataclass(frozen=True)
class Utilisation:
    """Booked minutes of one therapist or room against the minutes they could be booked."""

    id: str
    name: str
    booked_minutes: int
    available_minutes: int

    @property
    def share(self) -> float | None:
        """Booked / available (None when nothing was available)."""
        if self.available_minutes <= 0:
            return None
        return self.booked_minutes / self.available_minutes


def _whole(value: object) -> int | None:
    # bool is an int in Python; a summary saying "penalty": true is not a number.
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _fraction(value: object) -> float | None:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    return None


def plan_kpis(scenario: Scenario, bundle: PlanBundle) -> Kpis:
    """Headline figures: the solve's own summary where present, the checker's score otherwise.

    The scheduled value and penalty always come from the independent scorer, so a report can't
    show figures that disagree with the plan it belongs to.
    """
    summary: Mapping[str, object] = bundle.summary
    measured = score(scenario, bundle.sessions)
    total = sum(c.sessions for c in scenario.courses)
    status = summary.get("status")
    bound = _whole(summary.get("bound"))
    gap = _fraction(summary.get("gap"))
    if gap is None and bound is not None:
        gap = 0.0 if bound <= 0 else max(0.0, (bound - measured.scheduled_value) / bound)
    return Kpis(
        status=status if isinstance(status, str) and status in _STATUSES else "not given",
        sessions_scheduled=len(bundle.sessions),
        sessions_total=total,
        scheduled_value=measured.scheduled_value,
        penalty=measured.penalty,
        bound=bound,
        gap=gap,
    )


def _union_length(periods: Iterable[tuple[int, int]]) -> int:
    """Minutes covered by the union of ``[start, end)`` periods."""
    covered = 0
    reach = None
    for start, end in sorted(periods):
        if reach is None or start > reach:
            covered += end - start
            reach = end
        elif end > reach:
            covered += end - reach
            reach = end
    return covered


def _clip(periods: Iterable[tuple[int, int]], low: int, high: int) -> list[tuple[int, int]]:
    return [(max(s, low), min(e, high)) for s, e in periods if min(e, high) > max(s, low)]


def therapist_utilisation(scenario: Scenario, views: Sequence[SessionView]) -> list[Utilisation]:
    """Booked minutes against shift minutes over the horizon, per therapist (scenario order)."""
    booked: dict[str, int] = defaultdict(int)
    for v in views:
        booked[v.session.therapist_id] += v.minutes
    horizon = scenario.settings.horizon_minutes
    return [
        Utilisation(
            t.id,
            t.name,
            booked[t.id],
            _union_length(
                _clip(((s.start, s.end) for s in scenario.shifts_by_therapist[t.id]), 0, horizon)
            ),
        )
        for t in scenario.therapists
    ]


def room_utilisation(scenario: Scenario, views: Sequence[SessionView]) -> list[Utilisation]:
    """Booked minutes against open, unclosed minutes over the horizon, per room (scenario order)."""
    booked: dict[str, int] = defaultdict(int)
    for v in views:
        booked[v.session.room_id] += v.minutes
    settings = scenario.settings
    openings = [o for o in map(settings.opening, range(settings.days)) if o is not None]
    open_minutes = sum(end - start for start, end in openings)
    out = []
    for room in scenario.rooms:
        closures = [(c.start, c.end) for c in scenario.closures_by_room[room.id]]
        closed = sum(_union_length(_clip(closures, start, end)) for start, end in openings)
        out.append(Utilisation(room.id, room.name, booked[room.id], open_minutes - closed))
    return out
