"""The manager's pages: the week as a calendar and as a table, and the left-out courses.

Re-plans, sick days and closed rooms are in :mod:`planner.web.manager_replan`. Only the
manager's pages may name a client's health condition (the left-out reasons, a caution's
condition in a session's details).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, JSONResponse

from planner.accounts import User
from planner.live import SpaSnapshot, SpaUnavailable
from planner.live.week import left_out_by_reason, week_groups, week_items
from planner.plan.types import UnscheduledSession
from planner.web.deps import page_user
from planner.web.manager_jobs import current_job
from planner.web.pages import render
from planner.web.state import web_state

router = APIRouter(prefix="/manager")
ManagerUser = Annotated[User, Depends(page_user("manager"))]
EXTRA = "manager"
VIEWS = ("therapist", "room")


def snapshot_of(request: Request) -> SpaSnapshot:
    """The spa as it stands, or a 503 page saying why it can't be read."""
    try:
        return web_state(request).spa.snapshot()
    except SpaUnavailable as error:
        raise HTTPException(503, str(error)) from None


def left_out(request: Request, snapshot: SpaSnapshot) -> list[UnscheduledSession]:
    """Why each session of the published plan is left out (worked out once per version)."""
    cache: dict[str, Any] = web_state(request).extras.setdefault(EXTRA, {})
    key = (snapshot.version, snapshot.fingerprint)
    if cache.get("left_out_key") != key:
        # Imported here: the explanation builds the model's choices (the solver's package).
        from planner.model import explain_plan

        cache["left_out"] = explain_plan(snapshot.scenario, list(snapshot.sessions))
        cache["left_out_key"] = key
    found: list[UnscheduledSession] = cache["left_out"]
    return found


def _day(snapshot: SpaSnapshot, text: str | None) -> date | None:
    """The day asked for (None: the whole week); 400 naming ``day`` if it is not one."""
    if not text:
        return None
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise HTTPException(400, "day: expected a date YYYY-MM-DD") from None
    if not snapshot.first_day <= day <= snapshot.last_day:
        raise HTTPException(
            400, f"day: not a day of this plan ({snapshot.first_day} to {snapshot.last_day})"
        )
    return day


def _view(by: str) -> str:
    if by not in VIEWS:
        raise HTTPException(400, "by: expected therapist or room")
    return by


def _days(snapshot: SpaSnapshot) -> list[date]:
    count = (snapshot.last_day - snapshot.first_day).days + 1
    return [snapshot.first_day + timedelta(days=k) for k in range(count)]


@router.get("", include_in_schema=False)
def manager_home(request: Request, user: ManagerUser) -> HTMLResponse:
    """The manager's first page: the plan's state, what to do next."""
    snapshot = snapshot_of(request)
    unscheduled = left_out(request, snapshot) if snapshot.published else []
    return render(
        request,
        "manager/home.html",
        user,
        snapshot=snapshot,
        sessions=len(snapshot.sessions),
        left_out=len({u.course_id for u in unscheduled}),
        job=current_job(request),
        days=_days(snapshot),
        therapists=snapshot.scenario.therapists,
        rooms=snapshot.scenario.rooms,
    )


@router.get("/week", include_in_schema=False)
def manager_week(
    request: Request, user: ManagerUser, by: str = "therapist", day: str | None = None
) -> HTMLResponse:
    """The week (or one ``day``) as a timeline by therapist or by room."""
    snapshot = snapshot_of(request)
    chosen = _day(snapshot, day)
    first = chosen or snapshot.first_day
    last = chosen or snapshot.last_day
    data = {
        "by": _view(by),
        "groups": week_groups(snapshot.scenario, by),
        "items": week_items(snapshot.scenario, snapshot.sessions, conditions=True),
        "window": [f"{first.isoformat()}T07:00", f"{last.isoformat()}T23:00"],
    }
    return render(
        request, "manager/week.html", user, data=data, by=by, day=chosen, days=_days(snapshot)
    )


@router.get("/week.json", include_in_schema=False)
def manager_week_json(request: Request, user: ManagerUser) -> JSONResponse:
    """The week's sessions with their details (conditions included: manager only)."""
    snapshot = snapshot_of(request)
    return JSONResponse(
        {
            "version": snapshot.version,
            "items": week_items(snapshot.scenario, snapshot.sessions, conditions=True),
        }
    )


@router.get("/table", include_in_schema=False)
def manager_table(
    request: Request, user: ManagerUser, by: str = "therapist", day: str | None = None
) -> HTMLResponse:
    """The same week as a plain table (printable, readable without scripts)."""
    snapshot = snapshot_of(request)
    chosen = _day(snapshot, day)
    items = week_items(snapshot.scenario, snapshot.sessions, conditions=True)
    if chosen is not None:
        items = [i for i in items if i["start"].startswith(chosen.isoformat())]
    key = "therapist" if _view(by) == "therapist" else "room"
    items.sort(key=lambda i: (i[key], i["start"]))
    return render(
        request, "manager/table.html", user, items=items, by=by, day=chosen, days=_days(snapshot)
    )


@router.get("/left-out", include_in_schema=False)
def manager_left_out(request: Request, user: ManagerUser) -> HTMLResponse:
    """The courses the published plan leaves out, grouped by their reason."""
    snapshot = snapshot_of(request)
    groups = left_out_by_reason(snapshot.scenario, left_out(request, snapshot))
    return render(request, "manager/left_out.html", user, groups=groups, snapshot=snapshot)
