"""Who is asking, and may they: the dependencies every route declares.

A page route declares ``Depends(page_user(...roles))`` (anonymous: to the login form; another
role: 403); a state-changing page route also ``Depends(csrf_checked)``; an API route declares
``Depends(api_user(...roles))`` (no token: 401; another role: 403). ``tests/web`` checks every
route of the application against every role.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from fastapi import HTTPException, Request

from planner.accounts import User
from planner.web.security import (
    CSRF_FIELD,
    CSRF_HEADER,
    SESSION_GENERATION,
    SESSION_USER,
    csrf_matches,
)
from planner.web.state import web_state


class NotSignedIn(Exception):
    """A page was asked for without a valid session: the answer is the login form."""

    def __init__(self, next_path: str) -> None:
        super().__init__(next_path)
        self.next_path = next_path


class PageForbidden(Exception):
    """A signed-in user asked for a page of another role."""


def session_user(request: Request) -> User | None:
    """The user of the session cookie, if it is valid (the user exists, same password)."""
    name = request.session.get(SESSION_USER)
    generation = request.session.get(SESSION_GENERATION)
    if not isinstance(name, str) or not isinstance(generation, int):
        return None
    user = web_state(request).accounts.get(name)
    if user is None or user.generation != generation:
        return None
    return user


def page_user(*roles: str) -> Callable[[Request], User]:
    """A dependency: the signed-in user, who must have one of ``roles``."""

    def dependency(request: Request) -> User:
        user = session_user(request)
        if user is None:
            path = request.url.path
            raise NotSignedIn(path if request.method == "GET" else "/")
        if user.role not in roles:
            raise PageForbidden(user.role)
        return user

    return dependency


async def csrf_checked(request: Request) -> None:
    """A dependency of every state-changing page route: the request carries the session's CSRF
    token (an htmx request in the ``X-CSRF-Token`` header, a form in ``csrf_token``)."""
    sent = request.headers.get(CSRF_HEADER)
    if sent is None:
        form = await request.form()
        value = form.get(CSRF_FIELD)
        sent = value if isinstance(value, str) else None
    if not csrf_matches(request, sent):
        raise HTTPException(
            403, "the form expired or came from another site; reload the page and try again"
        )


def bearer_user(request: Request) -> User | None:
    """The user of the request's ``Authorization: Bearer`` token, if it is valid."""
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    state = web_state(request)
    found = state.signer.read(token.strip())
    if found is None:
        return None
    user = state.accounts.get(found[0])
    if user is None or user.generation != found[1]:
        return None
    return user


def api_user(*roles: str) -> Callable[[Request], Awaitable[User]]:
    """A dependency of API routes: the token's user, who must have one of ``roles``."""

    async def dependency(request: Request) -> User:
        user = bearer_user(request)
        if user is None:
            raise HTTPException(
                401,
                "sign in first: POST /api/login, then send Authorization: Bearer TOKEN",
                headers={"WWW-Authenticate": "Bearer"},
            )
        if user.role not in roles:
            raise HTTPException(403, f"the role {user.role!r} may not do this")
        return user

    return dependency


ANY_ROLE = ("manager", "desk", "therapist")
