"""What an export may show of a session: names and times, never contact details.

Every export format builds its rows from :class:`SessionView` / :class:`UnscheduledView`, so the
decision about which client information leaves the planner is taken once, here: the client's
name, and for a session under a ``local`` contraindication only the fact that the therapist must
take care. The client's further columns (contact data) are never read. A unscheduled session's
reason may name the client's condition (the manager's files show it); :func:`for_desk` gives the
same views with "a health condition" instead, for every other file.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from planner.plan import Plan, PlannedSession, UnscheduledSession
from planner.plan.csvfiles import session_caution
from planner.plan.unscheduled import UnscheduledCourse, by_course, without_conditions
from planner.scenario.timeaxis import MINUTES_PER_DAY, format_clock
from planner.scenario.types import Scenario

CAUTION_TEXT = "CAUTION: avoid the affected area (see client file)"


@dataclass(frozen=True)
class SessionView:
    """One scheduled session as people read it."""

    session: PlannedSession
    start: datetime
    end: datetime
    client_name: str
    therapist_name: str
    treatment_name: str
    room_name: str
    sessions_in_course: int
    assessment_minutes: int
    caution: bool

    @property
    def day(self) -> date:
        return self.start.date()

    @property
    def start_clock(self) -> str:
        """``HH:MM`` the session starts."""
        return format_clock(self.session.start % MINUTES_PER_DAY)

    @property
    def end_clock(self) -> str:
        """``HH:MM`` the session ends (``24:00`` at midnight)."""
        midnight = self.session.start // MINUTES_PER_DAY * MINUTES_PER_DAY
        return format_clock(self.session.end - midnight)

    @property
    def minutes(self) -> int:
        """Booked minutes (assessment included, turnover excluded)."""
        return self.session.end - self.session.start

    @property
    def session_label(self) -> str:
        """``"2 of 5"``: which session of the course this is."""
        return f"{self.session.session} of {self.sessions_in_course}"


@dataclass(frozen=True)
class UnscheduledView:
    """Unscheduled sessions of one course, with the root cause said once."""

    session: UnscheduledSession
    client_name: str
    treatment_name: str
    sessions_in_course: int
    # The course's run of unscheduled sessions this view stands for (planner.plan.unscheduled).
    group: UnscheduledCourse | None = None

    @property
    def session_label(self) -> str:
        if self.group is not None:
            return self.group.label
        return f"{self.session.session} of {self.sessions_in_course}"

    @property
    def reason(self) -> str:
        """The manager's sentence: the root cause, and which sessions follow it."""
        return self.group.sentence() if self.group is not None else self.session.reason

    @property
    def readable_row(self) -> tuple[str, str, str, str, str]:
        """Client, treatment, course id, ``"2–5 of 5"``, reason: what people read about it."""
        s = self.session
        return (self.client_name, self.treatment_name, s.course_id, self.session_label, self.reason)


def axis_datetime(scenario: Scenario, minute: int) -> datetime:
    """Local wall-clock time of axis minute ``minute``."""
    return datetime.combine(scenario.settings.start, datetime.min.time()) + timedelta(
        minutes=minute
    )


def session_views(scenario: Scenario, sessions: Iterable[PlannedSession]) -> list[SessionView]:
    """Views of ``sessions`` in the contract's order (start, then therapist).

    Ids the scenario doesn't know (a plan exported despite violations) are shown as they are.
    """
    views = []
    for s in sorted(sessions, key=Plan.sort_key):
        course = scenario.course_by_id.get(s.course_id)
        client = scenario.client_by_id.get(s.client_id)
        therapist = scenario.therapist_by_id.get(s.therapist_id)
        treatment = scenario.treatment_by_id.get(s.treatment_id)
        room = scenario.room_by_id.get(s.room_id)
        assessment = 0
        if course is not None and s.session == 1 and course.assessment_on_first:
            assessment = scenario.settings.assessment_minutes
        views.append(
            SessionView(
                session=s,
                start=axis_datetime(scenario, s.start),
                end=axis_datetime(scenario, s.end),
                client_name=client.name if client else s.client_id,
                therapist_name=therapist.name if therapist else s.therapist_id,
                treatment_name=treatment.name if treatment else s.treatment_id,
                room_name=room.name if room else s.room_id,
                sessions_in_course=course.sessions if course else s.session,
                assessment_minutes=assessment,
                caution=session_caution(scenario, s),
            )
        )
    return views


def unscheduled_views(
    scenario: Scenario, unscheduled: Iterable[UnscheduledSession]
) -> list[UnscheduledView]:
    """Views of the unscheduled sessions, one per course (per run of consecutive sessions),
    by course then session."""
    first_rows = {(u.course_id, u.session): u for u in unscheduled}
    views = []
    for group in by_course(scenario, first_rows.values()):
        u = first_rows[(group.course_id, group.first)]
        client = scenario.client_by_id.get(u.client_id)
        treatment = scenario.treatment_by_id.get(u.treatment_id)
        views.append(
            UnscheduledView(
                session=u,
                client_name=client.name if client else u.client_id,
                treatment_name=treatment.name if treatment else u.treatment_id,
                sessions_in_course=group.sessions,
                group=group,
            )
        )
    return views


def for_desk(scenario: Scenario, views: Iterable[UnscheduledView]) -> list[UnscheduledView]:
    """``views`` with every reason saying "a health condition" instead of the condition's name:
    what the desk's and therapists' files may show."""

    def safe(client_id: str, text: str) -> str:
        return without_conditions(scenario, client_id, text)

    found = []
    for view in views:
        s, group = view.session, view.group
        if group is not None:
            group = replace(group, reason=safe(s.client_id, group.reason))
        session = replace(s, reason=safe(s.client_id, s.reason))
        found.append(replace(view, session=session, group=group))
    return found
