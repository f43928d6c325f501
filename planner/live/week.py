"""The manager's week: every published session as a calendar item, left-out courses by reason.

Items and groups are plain dicts (JSON-ready) so that any front end can draw them; they carry
names as data, never markup. Condition names appear only when asked for (the manager's view).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from planner.export.views import UnscheduledView, session_views, unscheduled_views
from planner.plan.types import PlannedSession, UnscheduledSession
from planner.scenario.medical import restriction_on
from planner.scenario.timeaxis import day_index, format_datetime
from planner.scenario.types import Scenario


def _conditions(scenario: Scenario, session: PlannedSession) -> list[str]:
    course = scenario.course_by_id.get(session.course_id)
    if course is None:
        return []
    found = restriction_on(scenario, course, day_index(session.start))
    return [] if found is None or found.blocks else [found.condition]


def week_items(
    scenario: Scenario, sessions: Sequence[PlannedSession], *, conditions: bool = False
) -> list[dict[str, Any]]:
    """One calendar item per session: ids, names, ``start``/``end`` as in ``plan.csv``, which
    session of the course, the caution flag and (only with ``conditions``) the condition it is
    for."""
    start = scenario.settings.start
    items = []
    for view in session_views(scenario, sessions):
        s = view.session
        item: dict[str, Any] = {
            "id": f"{s.course_id}#{s.session}",
            "course_id": s.course_id,
            "session": s.session,
            "sessions": view.sessions_in_course,
            "client_id": s.client_id,
            "client": view.client_name,
            "treatment": view.treatment_name,
            "therapist_id": s.therapist_id,
            "therapist": view.therapist_name,
            "room_id": s.room_id,
            "room": view.room_name,
            "start": format_datetime(start, s.start),
            "end": format_datetime(start, s.end),
            "caution": view.caution,
        }
        if conditions:
            item["conditions"] = _conditions(scenario, s) if view.caution else []
        items.append(item)
    return items


def week_groups(scenario: Scenario, by: str) -> list[dict[str, str]]:
    """The calendar's rows: every therapist (``by="therapist"``) or room (``by="room"``)."""
    if by == "room":
        return [{"id": r.id, "name": r.name} for r in scenario.rooms]
    return [{"id": t.id, "name": t.name} for t in scenario.therapists]


def left_out_by_reason(
    scenario: Scenario, unscheduled: Sequence[UnscheduledSession]
) -> list[tuple[str, list[UnscheduledView]]]:
    """The left-out courses grouped by their root reason (the manager's words, which may name a
    condition), the largest group first."""
    groups: dict[str, list[UnscheduledView]] = {}
    for view in unscheduled_views(scenario, unscheduled):
        reason = view.group.reason if view.group is not None else view.session.reason
        groups.setdefault(reason, []).append(view)
    return sorted(groups.items(), key=lambda item: (-len(item[1]), item[0]))


__all__ = ["left_out_by_reason", "week_groups", "week_items"]
