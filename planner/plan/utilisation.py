"""How busy a plan keeps each therapist and room: the one definition of utilisation.

Booked minutes are the plan's session minutes (assessments included, turnover not). A
therapist's available minutes are their shift minutes inside the opening hours, overlapping
shift rows counted once, clipped to the horizon; a room's are the opening hours less its
closures (overlapping closures counted once). The what-if comparison, the manager's report and
the workbook all read these numbers, so they agree on the same plan.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from planner.plan.types import PlannedSession
from planner.scenario.periods import Period, clip, covered_minutes
from planner.scenario.timeaxis import day_index
from planner.scenario.types import Scenario


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
        return share(self.booked_minutes, self.available_minutes)


def share(booked: int, available: int) -> float | None:
    """``booked / available``, None when nothing was available."""
    return None if available <= 0 else booked / available


def overall_share(rows: Sequence[Utilisation]) -> float | None:
    """Booked over available minutes of all ``rows`` together (the whole staff, all rooms)."""
    return share(sum(r.booked_minutes for r in rows), sum(r.available_minutes for r in rows))


def _openings(scenario: Scenario) -> list[Period]:
    settings = scenario.settings
    return [o for o in map(settings.opening, range(settings.days)) if o is not None]


def therapist_available_minutes(scenario: Scenario, therapist_id: str) -> int:
    """Shift minutes of ``therapist_id`` inside the opening hours and the horizon."""
    inside: list[Period] = []
    for shift in scenario.shifts_by_therapist.get(therapist_id, ()):
        opening = scenario.settings.opening(day_index(shift.start))
        if opening is not None and 0 <= shift.start < scenario.settings.horizon_minutes:
            inside += clip([(shift.start, shift.end)], *opening)
    return covered_minutes(inside)


def room_available_minutes(scenario: Scenario, room_id: str) -> int:
    """Opening minutes over the horizon less the closures of ``room_id``."""
    closures = [(c.start, c.end) for c in scenario.closures_by_room.get(room_id, ())]
    total = 0
    for start, end in _openings(scenario):
        total += (end - start) - covered_minutes(clip(closures, start, end))
    return total


def _booked(
    sessions: Iterable[PlannedSession], resource: Callable[[PlannedSession], str]
) -> Counter[str]:
    booked: Counter[str] = Counter()
    for s in sessions:
        booked[resource(s)] += s.end - s.start
    return booked


def therapist_utilisation(
    scenario: Scenario, sessions: Iterable[PlannedSession]
) -> list[Utilisation]:
    """Booked against available minutes per therapist, in the scenario's order."""
    booked = _booked(sessions, lambda s: s.therapist_id)
    return [
        Utilisation(t.id, t.name, booked[t.id], therapist_available_minutes(scenario, t.id))
        for t in scenario.therapists
    ]


def room_utilisation(scenario: Scenario, sessions: Iterable[PlannedSession]) -> list[Utilisation]:
    """Booked against available minutes per room, in the scenario's order."""
    booked = _booked(sessions, lambda s: s.room_id)
    return [
        Utilisation(r.id, r.name, booked[r.id], room_available_minutes(scenario, r.id))
        for r in scenario.rooms
    ]
