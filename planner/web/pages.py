"""Rendering pages: every template gets the user, the CSRF token and the spa's name."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse

from planner.accounts import User
from planner.web.security import csrf_token
from planner.web.state import web_state


def render(
    request: Request,
    template: str,
    user: User | None = None,
    status_code: int = 200,
    **context: Any,
) -> HTMLResponse:
    """``template`` rendered for ``user``; Jinja2 escapes every value (names show as text)."""
    state = web_state(request)
    return state.templates.TemplateResponse(
        request,
        template,
        {
            "user": user,
            "csrf_token": csrf_token(request),
            "spa_name": state.config.scenario.name,
            **context,
        },
        status_code=status_code,
    )
