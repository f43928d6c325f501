"""The therapists' pages: their own sessions today and this week, and their calendar feed.

A therapist sees only what :func:`planner.live.plan_for` gives their role: their sessions, with
the caution flag, nothing of another therapist's clients. Their private calendar feed is a URL
with a token (shown once, stored only as a hash); renewing it ends the old URL, revoking ends
it. The feed answers 404 for any token that is not the therapist's own valid one, whichever
reason, so a guessed URL learns nothing.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, Response

from planner.accounts import User
from planner.live import SpaUnavailable, therapist_calendar, therapist_week
from planner.web.deps import csrf_checked, page_user
from planner.web.pages import render
from planner.web.state import web_state

router = APIRouter()
TherapistUser = Annotated[User, Depends(page_user("therapist"))]
FEED_NOT_FOUND = "no such calendar feed"


def feed_url(request: Request, therapist_id: str, token: str) -> str:
    """The absolute URL of a therapist's calendar feed (what their phone subscribes to)."""
    base = str(request.base_url).rstrip("/")
    return f"{base}/api/therapists/{quote(therapist_id, safe='')}/calendar.ics?token={token}"


def _week_page(
    request: Request, user: User, week: date | None, status_code: int = 200, **extra: object
) -> HTMLResponse:
    state = web_state(request)
    assert user.therapist_id is not None  # page_user("therapist") and Accounts.add ensure it
    try:
        snapshot = state.spa.snapshot()
    except SpaUnavailable:
        return render(
            request,
            "error.html",
            user,
            status_code=503,
            message="The plan can't be read just now; please try again later or ask the manager.",
        )
    today = state.spa.now().date()
    shown = therapist_week(snapshot, user.therapist_id, today, week)
    fresh = state.accounts.get(user.username) or user
    return render(
        request,
        "therapist/home.html",
        user,
        status_code=status_code,
        week=shown,
        published=snapshot.published,
        has_feed=fresh.has_feed,
        **extra,
    )


@router.get("/me", include_in_schema=False)
def therapist_home(
    request: Request,
    user: TherapistUser,
    week: Annotated[date | None, Query(description="any day of the week to show")] = None,
) -> HTMLResponse:
    """A therapist's sessions today and this week (or the week of ``week``)."""
    return _week_page(request, user, week)


@router.post("/me/feed", include_in_schema=False, dependencies=[Depends(csrf_checked)])
def renew_feed(request: Request, user: TherapistUser) -> HTMLResponse:
    """Make a new calendar feed URL (the previous one stops working) and show it once."""
    state = web_state(request)
    assert user.therapist_id is not None
    token = state.accounts.new_feed_token(user.username, by=user.username)
    url = feed_url(request, user.therapist_id, token)
    return _week_page(request, user, None, new_feed_url=url)


@router.post("/me/feed/revoke", include_in_schema=False, dependencies=[Depends(csrf_checked)])
def revoke_feed(request: Request, user: TherapistUser) -> HTMLResponse:
    """End the calendar feed: its URL answers 404 from now on."""
    web_state(request).accounts.revoke_feed(user.username, by=user.username)
    return _week_page(request, user, None, feed_revoked=True)


@router.get(
    "/api/therapists/{therapist_id}/calendar.ics",
    tags=["api"],
    response_class=Response,
    responses={
        200: {"content": {"text/calendar": {}}, "description": "The therapist's sessions."},
        404: {"description": "A wrong, revoked or another therapist's token."},
    },
)
def calendar_feed(
    request: Request,
    therapist_id: str,
    token: Annotated[str, Query(max_length=200, description="the feed's private token")] = "",
) -> Response:
    """A therapist's published sessions as an iCalendar feed, for their phone to subscribe to.

    Takes the feed's token (``?token=``), not a bearer token: a calendar program can't sign in.
    Only the therapist's own sessions; no condition, no phone.
    """
    state = web_state(request)
    owner = state.accounts.feed_user(token)
    if owner is None or owner.role != "therapist" or owner.therapist_id != therapist_id:
        raise HTTPException(404, FEED_NOT_FOUND)
    try:
        snapshot = state.spa.snapshot()
    except SpaUnavailable:
        raise HTTPException(503, "the plan can't be read just now; try again later") from None
    body = therapist_calendar(snapshot, therapist_id, state.config.exports)
    return Response(body, media_type="text/calendar; charset=utf-8")
