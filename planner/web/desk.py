"""The front desk's pages: find or add a client, fit a course, book an option."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from planner.accounts import User
from planner.web.deps import page_user
from planner.web.pages import render

router = APIRouter(prefix="/desk")
DeskUser = Annotated[User, Depends(page_user("desk", "manager"))]


@router.get("", include_in_schema=False)
def desk_home(request: Request, user: DeskUser) -> HTMLResponse:
    """The front desk's page."""
    return render(request, "desk/home.html", user)
