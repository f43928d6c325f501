"""What the front desk asks for: one new course, and the scenario with it added.

A request names the client (an existing one, or a new one with a name), the treatment and the
number of sessions, and optionally a window, gaps, a preferred therapist and whether session 1
needs an assessment; it means exactly what a row of ``courses.csv`` with those cells means.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from planner.fit.availability import availability_rows
from planner.fit.request_error import RequestError
from planner.scenario.timeaxis import parse_datetime
from planner.scenario.types import Client, Course, Scenario

PHONE = "phone"  # the clients.csv column a phone number goes in (a private detail)


@dataclass(frozen=True)
class FitRequest:
    """One course to fit into a published plan, in the terms of ``courses.csv``.

    ``earliest`` and ``latest`` are date-times ``YYYY-MM-DDTHH:MM`` (None: the horizon's start
    and end); gaps in hours (None: the treatment's); ``course_id`` None picks a new id.
    ``now`` is the spa's clock (``YYYY-MM-DDTHH:MM``; None: no clock): nothing starts before
    ``now`` + ``lead_minutes``. ``phone`` goes into the client's ``phone`` detail;
    ``available`` are ``--available`` specs (:mod:`planner.fit.availability`) added to the
    client's availability rows.
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
    now: str | None = None
    lead_minutes: int = 60
    phone: str | None = None
    available: tuple[str, ...] = ()


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


def not_before(scenario: Scenario, request: FitRequest) -> int | None:
    """The earliest start the request's clock allows (axis minute), None without a clock."""
    now = _when(scenario, "--now", request.now)
    if now is None:
        return None
    if request.lead_minutes < 0:
        raise RequestError(
            "--lead-minutes", f"expected minutes of at least 0, got {request.lead_minutes}"
        )
    return now + request.lead_minutes


def _client(scenario: Scenario, request: FitRequest) -> Scenario:
    """``scenario`` with the request's client added (if new), its phone and availability."""
    client_id = request.client_id
    old = scenario.client_by_id.get(client_id)
    details = () if old is None else old.details
    if request.phone is not None:
        if not request.phone.strip():
            raise RequestError("--phone", "expected a phone number, got an empty text")
        details = (*(d for d in details if d[0].lower() != PHONE), (PHONE, request.phone.strip()))
    if old is None:
        client = Client(client_id, request.client_name or client_id, details)
        clients = (*scenario.clients, client)
    else:
        clients = tuple(replace(c, details=details) if c.id == client_id else c
                        for c in scenario.clients)  # fmt: skip
    rows = availability_rows(scenario.settings, client_id, request.available)
    if (
        rows
        and old is not None
        and not any(a.client_id == client_id for a in scenario.availability)
    ):
        raise RequestError(
            "--available",
            f"client {client_id!r} has no availability rows (comes whenever the spa is open); "
            "rows would hold for every course of the client; expected --available for a new "
            "client or one that has rows (edit client_availability.csv otherwise)",
        )
    have = {(a.client_id, a.start, a.end) for a in scenario.availability}
    added = tuple(a for a in rows if (a.client_id, a.start, a.end) not in have)
    return replace(scenario, clients=clients, availability=(*scenario.availability, *added))


def with_course(scenario: Scenario, request: FitRequest) -> tuple[Scenario, Course]:
    """``scenario`` with the requested course (and its client, if new) added, and the course.

    The course's ``earliest`` is moved to the request's clock (:func:`not_before`) if later;
    the client gets the request's phone and availability rows.

    Raises
    ------
    RequestError
        If the request names an unknown treatment or therapist, a window that ends before it
        starts, a longest gap below the shortest, a taken course id, or bad ``--available``
        or ``--now``.
    """
    _check_numbers(scenario, request)
    earliest = _when(scenario, "--earliest", request.earliest)
    latest = _when(scenario, "--latest", request.latest)
    if earliest is not None and latest is not None and latest <= earliest:
        raise RequestError("--latest", f"expected a date-time after --earliest {request.earliest}")
    clock = not_before(scenario, request)
    if clock is not None and (earliest is None or earliest < clock):
        earliest = clock
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
    full = _client(scenario, request)
    return replace(full, courses=(*full.courses, course)), course


def requested_course(scenario: Scenario, request: FitRequest, course: Course) -> Course:
    """``course`` as ``courses.csv`` should hold it: the request's own ``earliest`` (the
    clock moves only what is offered now, not the course's window)."""
    return replace(course, earliest=_when(scenario, "--earliest", request.earliest))


__all__ = [
    "PHONE",
    "FitRequest",
    "RequestError",
    "not_before",
    "requested_course",
    "with_course",
]
