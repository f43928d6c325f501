"""The front desk's pages: find or add a client, fit a course, book an option, print it.

Thin over :class:`planner.live.Desk`: the form is read and checked here, the options come from
the warm plan, and one click books the exact sessions shown through ``planner book``'s path.
Health reasons are masked by the library (the desk reads "not possible for a health reason").
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from planner.accounts import User
from planner.live import (
    DeskBusy,
    DeskConflict,
    DeskFit,
    DeskRequestError,
    SpaUnavailable,
    course_calendar,
    find_clients,
)
from planner.live.desk_clients import course_views
from planner.live.spa import SpaSnapshot
from planner.web.deps import csrf_checked, page_user
from planner.web.desk_common import audit_booking, desk_of
from planner.web.desk_form import CourseForm, read_choice, read_course_form
from planner.web.pages import render
from planner.web.state import web_state

router = APIRouter(prefix="/desk")
DeskUser = Annotated[User, Depends(page_user("desk", "manager"))]
Checked = Depends(csrf_checked)


def _snapshot(request: Request) -> SpaSnapshot:
    try:
        return web_state(request).spa.snapshot()
    except SpaUnavailable as error:
        raise HTTPException(503, str(error)) from None


def _choices(snapshot: SpaSnapshot) -> dict[str, Any]:
    scenario = snapshot.scenario
    return {
        "treatments": scenario.treatments,
        "therapists": scenario.therapists,
        "first_day": snapshot.first_day.isoformat(),
        "last_day": snapshot.last_day.isoformat(),
    }


def _form_page(
    request: Request, user: User, snapshot: SpaSnapshot, form: CourseForm, status: int = 200
) -> HTMLResponse:
    client = snapshot.scenario.client_by_id.get(form.values.get("client_id", ""))
    return render(
        request, "desk/home.html", user, status, form=form, client=client,
        results=None, query="", **_choices(snapshot),
    )  # fmt: skip


@router.get("", include_in_schema=False)
def desk_home(request: Request, user: DeskUser, q: str = "", client_id: str = "") -> HTMLResponse:
    """The front desk's page: find a client (or add one) and describe the course."""
    snapshot = _snapshot(request)
    results = find_clients(snapshot.scenario, q[:100]) if q.strip() else None
    form = CourseForm({"client_id": client_id} if client_id else {})
    client = snapshot.scenario.client_by_id.get(client_id)
    return render(
        request, "desk/home.html", user, form=form, client=client, results=results,
        query=q[:100], **_choices(snapshot),
    )  # fmt: skip


@router.get("/clients", include_in_schema=False)
def desk_clients(request: Request, user: DeskUser, q: str = "") -> HTMLResponse:
    """Clients whose name or phone matches ``q`` (htmx fragment: search as you type)."""
    results = find_clients(_snapshot(request).scenario, q[:100])
    return render(request, "desk/_clients.html", user, results=results, query=q[:100])


def _sessions_shown(snapshot: SpaSnapshot, option: dict[str, Any]) -> list[dict[str, Any]]:
    """An option's sessions with the therapist's and room's names (text, escaped on render)."""
    scenario = snapshot.scenario
    out = []
    for s in option["sessions"]:
        start, end = datetime.fromisoformat(s["start"]), datetime.fromisoformat(s["end"])
        therapist = scenario.therapist_by_id.get(s["therapist_id"])
        room = scenario.room_by_id.get(s["room_id"])
        out.append({
            **s,
            "day": f"{start:%a %d %b %Y}",
            "time": f"{start:%H:%M}–{end:%H:%M}",
            "therapist": therapist.name if therapist else s["therapist_id"],
            "room": room.name if room else s["room_id"],
        })  # fmt: skip
    return out


def _options_page(
    request: Request, user: User, form: CourseForm, answer: DeskFit, **extra: Any
) -> HTMLResponse:
    snapshot = _snapshot(request)
    options = [
        {**o, "shown": _sessions_shown(snapshot, o), "json": json.dumps(o)}
        for o in answer.document["options"]
    ]
    course = answer.course
    treatment = snapshot.scenario.treatment_by_id[course.treatment_id]
    return render(
        request, "desk/options.html", user, extra.pop("status_code", 200), form=form,
        options=options, answer=answer.document, treatment=treatment, course=course,
        client_name=answer.client_name, **extra,
    )  # fmt: skip


@router.post("/options", include_in_schema=False, dependencies=[Checked])
async def desk_options(request: Request, user: DeskUser) -> HTMLResponse:
    """The ranked options of the course the form describes (or the form with its errors)."""
    snapshot = _snapshot(request)
    form = read_course_form(await request.form(), snapshot.scenario)
    if form.errors:
        return _form_page(request, user, snapshot, form, 400)
    try:
        answer = desk_of(request).fit(form.request())
    except DeskRequestError as error:
        form.errors[error.field if error.field in form.values else "available"] = error.message
        return _form_page(request, user, snapshot, form, 400)
    except SpaUnavailable as error:
        raise HTTPException(503, str(error)) from None
    return _options_page(request, user, form, answer)


@router.post("/book", include_in_schema=False, dependencies=[Checked])
async def desk_book(request: Request, user: DeskUser) -> Response:
    """Book the option clicked: the exact sessions shown, if they still fit the plan."""
    data = await request.form()
    snapshot = _snapshot(request)
    form = read_course_form(data, snapshot.scenario)
    try:
        version, option = read_choice(data)
    except ValueError as error:
        raise HTTPException(400, f"Please check {error}") from None
    if form.errors:
        return _form_page(request, user, snapshot, form, 400)
    try:
        booking = desk_of(request).book(
            form.request(), version, option=option, new_client=form.new_client
        )
    except DeskConflict as conflict:
        return _options_page(
            request, user, form, conflict.fresh, status_code=409, changed=conflict.reason
        )
    except DeskRequestError as error:
        raise HTTPException(400, f"Please check {error}") from None
    except DeskBusy:
        raise HTTPException(503, "the plan is being published; try again in a minute") from None
    except SpaUnavailable as error:
        raise HTTPException(503, str(error)) from None
    audit_booking(web_state(request), user, booking, "desk")
    return RedirectResponse(f"/desk/bookings/{booking.course_id}", status_code=303)


def _course(snapshot: SpaSnapshot, course_id: str) -> Any:
    course = snapshot.scenario.course_by_id.get(course_id)
    if course is None:
        raise HTTPException(404, "no such course")
    return course


@router.get("/bookings/{course_id}.ics", include_in_schema=False)
def desk_booking_calendar(request: Request, user: DeskUser, course_id: str) -> Response:
    """The course's sessions as a calendar file for the client (their sessions only)."""
    snapshot = _snapshot(request)
    course = _course(snapshot, course_id)
    body = course_calendar(snapshot, course.id, web_state(request).spa.now())
    safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in course.id)
    headers = {"content-disposition": f'attachment; filename="{safe}.ics"'}
    return Response(body, media_type="text/calendar; charset=utf-8", headers=headers)


@router.get("/bookings/{course_id}", include_in_schema=False)
def desk_booking(request: Request, user: DeskUser, course_id: str) -> HTMLResponse:
    """A course's booked sessions: to read to the client, print, or download."""
    snapshot = _snapshot(request)
    course = _course(snapshot, course_id)
    views = course_views(snapshot, course.id)
    return render(
        request, "desk/booked.html", user, course=course, views=views,
        client=snapshot.scenario.client_by_id[course.client_id],
        treatment=snapshot.scenario.treatment_by_id[course.treatment_id],
        owed=course.sessions - len(views),
    )  # fmt: skip
