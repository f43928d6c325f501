"""Signing in and out, the first manager's one-time setup page, and the home page by role."""

from __future__ import annotations

import math
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from planner.accounts import AccountError, User
from planner.web.config import is_loopback
from planner.web.deps import csrf_checked, session_user
from planner.web.pages import render
from planner.web.security import sign_in, sign_out, throttle_keys
from planner.web.state import web_state

router = APIRouter()

HOME_BY_ROLE = {"manager": "/manager", "desk": "/desk", "therapist": "/me"}


def _safe_next(path: str | None, user: User) -> str:
    """Where to go after signing in: a path of this site only (never another site)."""
    if path and path.startswith("/") and not path.startswith("//") and "\\" not in path:
        return path
    return HOME_BY_ROLE[user.role]


@router.get("/", include_in_schema=False)
def home(request: Request) -> Response:
    """The signed-in user's home page; the login form for anyone else."""
    user = session_user(request)
    if user is None:
        return RedirectResponse("/login", status_code=303)
    return RedirectResponse(HOME_BY_ROLE[user.role], status_code=303)


@router.get("/login", include_in_schema=False)
def login_form(request: Request, next: str | None = None) -> HTMLResponse:
    """The login form."""
    state = web_state(request)
    return render(request, "login.html", next=next or "", first_run=state.setup_token is not None)


@router.post("/login", include_in_schema=False, dependencies=[Depends(csrf_checked)])
def login(
    request: Request,
    username: Annotated[str, Form(max_length=200)] = "",
    password: Annotated[str, Form(max_length=1000)] = "",
    next: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    """Check the password (throttled per name and per address) and start a session."""
    state = web_state(request)
    keys = throttle_keys(request, username)
    wait = state.throttle.wait_seconds(*keys)
    if wait > 0:
        minutes = max(1, math.ceil(wait / 60))
        return render(
            request,
            "login.html",
            next=next,
            status_code=429,
            error=f"Too many failed sign-ins. Try again in {minutes} minute(s).",
        )
    user = state.accounts.verify(username, password)
    if user is None:
        state.throttle.failed(*keys)
        return render(
            request, "login.html", next=next, status_code=401, error="Wrong user name or password."
        )
    state.throttle.succeeded(*keys)
    sign_in(request, user)
    return RedirectResponse(_safe_next(next, user), status_code=303)


@router.post("/logout", include_in_schema=False, dependencies=[Depends(csrf_checked)])
def logout(request: Request) -> Response:
    """End the session."""
    sign_out(request)
    return RedirectResponse("/login", status_code=303)


def _setup_allowed(request: Request, token: str) -> bool:
    state = web_state(request)
    client = request.client.host if request.client else ""
    return (
        state.setup_token is not None
        and token == state.setup_token
        and is_loopback(client)
        and state.accounts.count() == 0
    )


def _invalid_setup(request: Request) -> HTMLResponse:
    return render(
        request, "error.html", status_code=404, message="This setup link is not valid (any more)."
    )


@router.get("/setup/{token}", include_in_schema=False)
def setup_form(request: Request, token: str) -> HTMLResponse:
    """The one-time page that creates the first manager (only from this machine)."""
    if not _setup_allowed(request, token):
        return _invalid_setup(request)
    return render(request, "setup.html", token=token)


@router.post("/setup/{token}", include_in_schema=False, dependencies=[Depends(csrf_checked)])
def setup(
    request: Request,
    token: str,
    username: Annotated[str, Form(max_length=200)] = "",
    password: Annotated[str, Form(max_length=1000)] = "",
    confirm: Annotated[str, Form(max_length=1000)] = "",
) -> Response:
    """Create the first manager and sign them in."""
    state = web_state(request)
    if not _setup_allowed(request, token):
        return _invalid_setup(request)
    if password != confirm:
        return render(
            request,
            "setup.html",
            token=token,
            username=username,
            status_code=400,
            error="The two passwords differ.",
        )
    try:
        user = state.accounts.add(username, "manager", password, by=username or "setup")
    except AccountError as error:
        return render(
            request, "setup.html", token=token, username=username, status_code=400, error=str(error)
        )
    state.setup_token = None
    sign_in(request, user)
    return RedirectResponse("/manager", status_code=303)
