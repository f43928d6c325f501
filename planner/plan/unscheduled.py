"""Unscheduled sessions grouped by course, with the root cause said once.

``unscheduled.csv`` keeps the contract's row per session. People read it per course: the first
session that could not be booked has the cause, and the later ones only follow it (sessions go
in order). :func:`by_course` gives one group per run of consecutive unscheduled sessions of a
course, and :meth:`UnscheduledCourse.sentence` says it the way a manager reads it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from planner.plan.types import UnscheduledSession
from planner.scenario.types import Scenario


@dataclass(frozen=True)
class UnscheduledCourse:
    """Sessions ``first``..``last`` of a course, unscheduled; why ``first`` could not be booked."""

    course_id: str
    client_id: str
    treatment_id: str
    first: int
    last: int
    sessions: int
    reason: str

    @property
    def label(self) -> str:
        """``"3 of 6"`` or ``"3–6 of 6"``."""
        span = str(self.first) if self.first == self.last else f"{self.first}–{self.last}"
        return f"{span} of {self.sessions}"

    def sentence(self) -> str:
        """The reason; for a run of sessions "Session 3 of 6 could not be booked: <reason>
        Sessions 4–6 follow it."."""
        if self.first == self.last:
            return self.reason
        cause = self.reason.rstrip()
        if cause and cause[0].isupper() and not cause[:2].isupper():
            cause = cause[0].lower() + cause[1:]
        text = f"Session {self.first} of {self.sessions} could not be booked: {cause}"
        if self.last == self.first + 1:
            return text + f" Session {self.last} follows it."
        return text + f" Sessions {self.first + 1}–{self.last} follow it."


def by_course(
    scenario: Scenario, unscheduled: Iterable[UnscheduledSession]
) -> list[UnscheduledCourse]:
    """One group per run of consecutive unscheduled sessions of a course, by course then session.

    The group's reason is its first session's; a course the scenario doesn't know counts its
    highest unscheduled session as its length.

    Parameters
    ----------
    scenario
        The scenario the plan is for.
    unscheduled
        The sessions a plan leaves out, in any order.

    Returns
    -------
    list[UnscheduledCourse]
        Sorted by course id, then first session.
    """
    rows = sorted(unscheduled, key=lambda u: (u.course_id, u.session))
    groups: list[UnscheduledCourse] = []
    for u in rows:
        last = groups[-1] if groups else None
        if last is not None and last.course_id == u.course_id and last.last + 1 == u.session:
            groups[-1] = replace(last, last=u.session, sessions=max(last.sessions, u.session))
            continue
        course = scenario.course_by_id.get(u.course_id)
        total = max(course.sessions if course is not None else 0, u.session)
        group = UnscheduledCourse(u.course_id, u.client_id, u.treatment_id, u.session, u.session,
                              total, u.reason)  # fmt: skip
        groups.append(group)
    return groups


def without_conditions(scenario: Scenario, client_id: str, text: str) -> str:
    """``text`` with the client's health conditions replaced by "a health condition", for
    outputs that may reach people other than the manager (a terminal, a cron mail, the desk's
    and the therapists' files, the call list).

    Parameters
    ----------
    scenario
        The scenario that holds the client's conditions.
    client_id
        Whose conditions to hide.
    text
        A manager's sentence, such as a reason a session was left out.

    Returns
    -------
    str
        The sentence naming none of the client's conditions.
    """
    for condition in scenario.conditions_by_client.get(client_id, ()):
        name = condition.condition
        # Both spellings: the file's (``skin_lesion``) and the explanations' (``skin lesion``).
        for spelling in dict.fromkeys((name, name.replace("_", " "))):
            text = text.replace(spelling, "a health condition")
    return text


__all__ = ["UnscheduledCourse", "by_course", "without_conditions"]
