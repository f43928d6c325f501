"""The JSON API beside the pages (``/api/...``), for tests and booking systems.

Every call but ``POST /api/login`` takes ``Authorization: Bearer TOKEN``. Dates and times are
written as in ``plan.csv`` (``YYYY-MM-DDTHH:MM``). FastAPI serves its OpenAPI description at
``/api/openapi.json`` and a reference page at ``/api/docs``.
"""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from pydantic import BaseModel, Field

from planner.web.security import throttle_keys
from planner.web.state import web_state

router = APIRouter(prefix="/api", tags=["api"])


class LoginRequest(BaseModel):
    """A user's name and password."""

    username: str = Field(max_length=200)
    password: str = Field(max_length=1000)


class LoginAnswer(BaseModel):
    """A bearer token for every other API call, and how long it lasts."""

    token: str
    role: str
    therapist_id: str | None
    expires_in: int


@router.post("/login", response_model=LoginAnswer)
def api_login(body: LoginRequest, request: Request) -> LoginAnswer:
    """Exchange a user name and password for a bearer token (throttled as the login form)."""
    state = web_state(request)
    keys = throttle_keys(request, body.username)
    wait = state.throttle.wait_seconds(*keys)
    if wait > 0:
        raise HTTPException(429, f"too many failed sign-ins; try again in {int(wait) + 1} s")
    user = state.accounts.verify(body.username, body.password)
    if user is None:
        state.throttle.failed(*keys)
        raise HTTPException(401, "wrong user name or password")
    state.throttle.succeeded(*keys)
    return LoginAnswer(
        token=state.signer.issue(user),
        role=user.role,
        therapist_id=user.therapist_id,
        expires_in=int(state.signer.max_age),
    )
