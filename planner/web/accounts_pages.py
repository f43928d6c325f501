"""The manager's accounts page: who may sign in, in which role, and the audit trail.

Every change goes through :class:`planner.accounts.Accounts`, which writes the audit trail in
the same transaction (who, when, what: names and ids only). A manager can't remove their own
account (the spa would be left without the one who can add accounts again).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from planner.accounts import ROLES, AccountError, User
from planner.live import SpaUnavailable
from planner.web.deps import csrf_checked, page_user
from planner.web.pages import render
from planner.web.security import sign_in
from planner.web.state import web_state

router = APIRouter(prefix="/manager/accounts")
ManagerUser = Annotated[User, Depends(page_user("manager"))]
AUDIT_SHOWN = 200
PAGE = "/manager/accounts"


def _therapists(request: Request) -> list[tuple[str, str]]:
    """(id, name) of the scenario's therapists, for the therapist-account choice."""
    try:
        scenario = web_state(request).spa.snapshot().scenario
    except SpaUnavailable:
        return []
    return [(t.id, t.name) for t in scenario.therapists]


def _page(
    request: Request,
    user: User,
    status_code: int = 200,
    error: str | None = None,
    done: str | None = None,
    form: dict[str, str] | None = None,
) -> HTMLResponse:
    state = web_state(request)
    therapists = _therapists(request)
    return render(
        request,
        "accounts/home.html",
        user,
        status_code=status_code,
        users=state.accounts.users(),
        audit=state.accounts.audit_trail(AUDIT_SHOWN),
        roles=ROLES,
        therapists=therapists,
        therapist_names=dict(therapists),
        error=error,
        done=done,
        form=form or {},
    )


def _done(message: str) -> Response:
    """After a change: back to the page (a reload does not repeat the change)."""
    return RedirectResponse(f"{PAGE}?done={message}", status_code=303)


DONE_MESSAGES = {
    "added": "The account was added.",
    "reset": "The new password is set; that user's open sessions ended.",
    "removed": "The account was removed; its sessions and calendar feed ended.",
    "revoked": "The calendar feed was revoked.",
}


@router.get("", include_in_schema=False)
def accounts_home(request: Request, user: ManagerUser, done: str | None = None) -> HTMLResponse:
    """The accounts, forms to change them, and the audit trail (newest first)."""
    return _page(request, user, done=DONE_MESSAGES.get(done or ""))


@router.post("/add", include_in_schema=False, dependencies=[Depends(csrf_checked)])
def add_account(
    request: Request,
    user: ManagerUser,
    username: Annotated[str, Form(max_length=200)] = "",
    role: Annotated[str, Form(max_length=20)] = "",
    therapist_id: Annotated[str, Form(max_length=200)] = "",
    password: Annotated[str, Form(max_length=1000)] = "",
) -> Response:
    """Add an account; a therapist account is linked to one of the scenario's therapists."""
    form = {"username": username, "role": role, "therapist_id": therapist_id}
    linked: str | None = None
    if role == "therapist":
        if therapist_id not in dict(_therapists(request)):
            problem = "therapist: choose one of the spa's therapists"
            return _page(request, user, 400, problem, form=form)
        linked = therapist_id
    try:
        web_state(request).accounts.add(username, role, password, linked, by=user.username)
    except AccountError as error:
        return _page(request, user, 400, str(error), form=form)
    return _done("added")


@router.post("/{username}/reset", include_in_schema=False, dependencies=[Depends(csrf_checked)])
def reset_password(
    request: Request,
    user: ManagerUser,
    username: str,
    password: Annotated[str, Form(max_length=1000)] = "",
) -> Response:
    """Set a new password for ``username``; their open sessions and API tokens end."""
    try:
        changed = web_state(request).accounts.reset(username, password, by=user.username)
    except AccountError as error:
        return _page(request, user, 400, f"password of {username}: {error}")
    if changed.username == user.username:
        sign_in(request, changed)  # the manager's own session continues under the new password
    return _done("reset")


@router.post("/{username}/remove", include_in_schema=False, dependencies=[Depends(csrf_checked)])
def remove_account(request: Request, user: ManagerUser, username: str) -> Response:
    """Remove ``username`` (never the manager's own account)."""
    if username == user.username:
        return _page(request, user, 400, "you can't remove your own account")
    try:
        web_state(request).accounts.remove(username, by=user.username)
    except AccountError as error:
        return _page(request, user, 400, str(error))
    return _done("removed")


@router.post(
    "/{username}/revoke-feed", include_in_schema=False, dependencies=[Depends(csrf_checked)]
)
def revoke_feed(request: Request, user: ManagerUser, username: str) -> Response:
    """End ``username``'s calendar feed (a lost phone, someone who left)."""
    try:
        web_state(request).accounts.revoke_feed(username, by=user.username)
    except AccountError as error:
        return _page(request, user, 400, str(error))
    return _done("revoked")
