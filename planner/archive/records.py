"""What the archive hands out: runs and their sessions as plain immutable values."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from planner.plan import PlannedSession
from planner.scenario.timeaxis import format_datetime, parse_datetime

SessionKey = tuple[str, int]


@dataclass(frozen=True)
class ArchivedSession:
    """A scheduled session as archived: ids and the contract's date-time strings.

    Strings (not axis minutes) make an archived plan independent of any horizon: next week's
    scenario reads last week's plan on its own axis with :meth:`to_planned`.
    """

    course_id: str
    session: int
    client_id: str
    treatment_id: str
    therapist_id: str
    room_id: str
    start: str
    end: str
    caution: bool = False

    @property
    def key(self) -> SessionKey:
        """``(course_id, session)``: what identifies a session across plans."""
        return (self.course_id, self.session)

    @staticmethod
    def of(horizon_start: date, planned: PlannedSession) -> ArchivedSession:
        """The archived form of ``planned``, whose times lie on the axis of ``horizon_start``."""
        return ArchivedSession(
            course_id=planned.course_id,
            session=planned.session,
            client_id=planned.client_id,
            treatment_id=planned.treatment_id,
            therapist_id=planned.therapist_id,
            room_id=planned.room_id,
            start=format_datetime(horizon_start, planned.start),
            end=format_datetime(horizon_start, planned.end),
            caution=planned.caution,
        )

    def to_planned(self, horizon_start: date) -> PlannedSession:
        """This session on the time axis of a horizon starting on ``horizon_start``."""
        return PlannedSession(
            course_id=self.course_id,
            session=self.session,
            client_id=self.client_id,
            treatment_id=self.treatment_id,
            therapist_id=self.therapist_id,
            room_id=self.room_id,
            start=parse_datetime(horizon_start, self.start),
            end=parse_datetime(horizon_start, self.end),
            caution=self.caution,
        )


@dataclass(frozen=True)
class RunInfo:
    """One archived run (without its sessions; see :meth:`planner.archive.Archive.plan`).

    ``created_at`` is time-zone aware, in UTC. ``settings`` holds the scenario's settings and
    ``summary`` the run's ``summary.json`` content.
    """

    id: int
    created_at: datetime
    scenario_name: str
    scenario_hash: str
    status: str
    kind: str
    published: bool
    settings: Mapping[str, Any] = field(default_factory=dict)
    summary: Mapping[str, Any] = field(default_factory=dict)
    note: str | None = None


def run_document(run: RunInfo) -> dict[str, object]:
    """``run`` as a JSON-ready dict (what ``planner history --json`` lists).

    Parameters
    ----------
    run
        An archived run.

    Returns
    -------
    dict
        ``id``, ``created_at`` (ISO 8601), ``scenario_name``, ``scenario_hash``, ``kind``,
        ``status``, ``published``, ``summary`` (the run's ``summary.json``) and ``note``.
    """
    return {
        "id": run.id,
        "created_at": run.created_at.isoformat(),
        "scenario_name": run.scenario_name,
        "scenario_hash": run.scenario_hash,
        "kind": run.kind,
        "status": run.status,
        "published": run.published,
        "summary": dict(run.summary),
        "note": run.note,
    }
