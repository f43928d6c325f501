"""The manager's pages: the week's calendar, left-out courses, sick days, re-plans, advice."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from planner.accounts import User
from planner.web.deps import page_user
from planner.web.pages import render

router = APIRouter(prefix="/manager")
ManagerUser = Annotated[User, Depends(page_user("manager"))]


@router.get("", include_in_schema=False)
def manager_home(request: Request, user: ManagerUser) -> HTMLResponse:
    """The manager's first page."""
    return render(request, "manager/home.html", user)
