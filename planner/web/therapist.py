"""The therapists' pages: their own sessions today and this week, and their calendar feed."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from planner.accounts import User
from planner.web.deps import page_user
from planner.web.pages import render

router = APIRouter(prefix="/me")
TherapistUser = Annotated[User, Depends(page_user("therapist"))]


@router.get("", include_in_schema=False)
def therapist_home(request: Request, user: TherapistUser) -> HTMLResponse:
    """A therapist's week."""
    return render(request, "therapist/home.html", user)
