"""What the front desk asks for: one new course, and the scenario with it added.

A request names the client (an existing one, or a new one with a name), the treatment and the
number of sessions, and optionally a window, gaps, a preferred therapist and whether session 1
needs an assessment; it means exactly what a row of ``courses.csv`` with those cells means.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from planner.scenario.timeaxis import parse_datetime
from planner.scenario.types import Client, Course, Scenario


class RequestError(ValueError):
    """A request that does not fit the scenario; ``option`` names the command-line option."""

    def __init__(self, option: str, message: str) -> None:
        self.option = option
        super().__init__(f"{option}: {message}")


@dataclass(frozen=True)
class FitRequest:
    """One course to fit into a published plan, in the terms of ``courses.csv``.

    ``earliest`` and ``latest`` are date-times ``YYYY-MM-DDTHH:MM`` (None: the horizon's start
    and end); gaps in hours (None: the treatment's); ``course_id`` None picks a new id.
    """

    client_id: str
    treatment_id: str
    sessions: int
    client_name: str | None = None
    priority: int = 1
    earliest: str | None = None
    latest: str | None = None
    min_gap_hours: float | None = None
    max_gap_hours: float | None = None
    preferred_therapist: str | None = None
    needs_assessment: bool = True
    course_id: str | None = None


def _known(what: str, ids: list[str]) -> str:
    shown = ", ".join(ids[:15]) + (", ..." if len(ids) > 15 else "")
    return f"unknown {what}; expected one of: {shown}"


def _when(scenario: Scenario, option: str, text: str | None) -> int | None:
    if text is None:
        return None
    try:
        return parse_datetime(scenario.settings.start, text)
    except ValueError as error:
        raise RequestError(option, str(error)) from None


def _new_course_id(scenario: Scenario, request: FitRequest) -> str:
    if request.course_id is not None:
        if request.course_id in scenario.course_by_id:
            raise RequestError("--course-id", f"course {request.course_id!r} already exists")
        return request.course_id
    base = f"{request.client_id}-{request.treatment_id}"
    number = 1
    while f"{base}-{number}" in scenario.course_by_id:
        number += 1
    return f"{base}-{number}"


def _check_numbers(scenario: Scenario, request: FitRequest) -> None:
    if request.sessions < 1:
        raise RequestError(
            "--sessions", f"expected a whole number of at least 1, got {request.sessions}"
        )
    if not 1 <= request.priority <= 5:
        raise RequestError("--priority", f"expected 1 to 5, got {request.priority}")
    if request.treatment_id not in scenario.treatment_by_id:
        raise RequestError(
            "--treatment",
            _known(f"treatment {request.treatment_id!r}", list(scenario.treatment_by_id)),
        )
    wanted = request.preferred_therapist
    if wanted is not None and wanted not in scenario.therapist_by_id:
        raise RequestError(
            "--preferred-therapist", _known(f"therapist {wanted!r}", list(scenario.therapist_by_id))
        )
    for option, hours in (
        ("--min-gap-hours", request.min_gap_hours),
        ("--max-gap-hours", request.max_gap_hours),
    ):
        if hours is not None and hours < 0:
            raise RequestError(option, f"expected hours of at least 0, got {hours:g}")


def with_course(scenario: Scenario, request: FitRequest) -> tuple[Scenario, Course]:
    """``scenario`` with the requested course (and its client, if new) added, and the course.

    Raises
    ------
    RequestError
        If the request names an unknown treatment or therapist, a window that ends before it
        starts, a longest gap below the shortest, or a taken course id.
    """
    _check_numbers(scenario, request)
    earliest = _when(scenario, "--earliest", request.earliest)
    latest = _when(scenario, "--latest", request.latest)
    if earliest is not None and latest is not None and latest <= earliest:
        raise RequestError("--latest", f"expected a date-time after --earliest {request.earliest}")
    course = Course(
        id=_new_course_id(scenario, request),
        client_id=request.client_id,
        treatment_id=request.treatment_id,
        sessions=request.sessions,
        priority=request.priority,
        earliest=earliest,
        latest=latest,
        min_gap_hours=request.min_gap_hours,
        max_gap_hours=request.max_gap_hours,
        preferred_therapist=request.preferred_therapist,
        needs_assessment=request.needs_assessment,
    )
    low, high = scenario.gap_hours(course)
    if high is not None and high < low:
        raise RequestError("--max-gap-hours", f"expected at least the shortest gap ({low:g} h)")
    clients = scenario.clients
    if request.client_id not in scenario.client_by_id:
        clients = (*clients, Client(request.client_id, request.client_name or request.client_id))
    return replace(scenario, clients=clients, courses=(*scenario.courses, course)), course


__all__ = ["FitRequest", "RequestError", "with_course"]
