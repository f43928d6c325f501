"""The manager moves the spa on to its next horizon: a draft page (the next week's dates, the
courses carried with the sessions they are owed, those dropped and why, the staff pattern
copied), then Confirm, which swaps the served scenario folder for the next week's and keeps the
old one beside it. The manager's first page then offers to plan and publish the new week."""

from __future__ import annotations

import hashlib
from datetime import date, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from planner.accounts import User
from planner.live import (
    LiveProposal,
    PlanChanged,
    ReplanError,
    RolloverDraft,
    SpaUnavailable,
    confirm_rollover,
    draft_rollover,
)
from planner.live.spa import Fingerprint
from planner.nightly import NightlyLocked
from planner.scenario.timeaxis import MINUTES_PER_DAY
from planner.web.deps import csrf_checked, page_user
from planner.web.manager_jobs import ManagerJob, clear_job, current_job
from planner.web.pages import render
from planner.web.state import web_state

router = APIRouter(prefix="/manager")
ManagerUser = Annotated[User, Depends(page_user("manager"))]
CHANGED = "the spa changed since this draft was shown: look at the new draft and confirm again"


def fingerprint_digest(fingerprint: Fingerprint) -> str:
    """A short digest of a folder's fingerprint, carried by the form to confirm what was seen."""
    return hashlib.sha256(repr(fingerprint).encode("utf-8")).hexdigest()[:32]


def _draft(request: Request) -> RolloverDraft:
    try:
        return draft_rollover(web_state(request).spa)
    except SpaUnavailable as error:
        raise HTTPException(503, str(error)) from None
    except ReplanError as error:
        raise HTTPException(409, str(error)) from None


def _clock(minute: int) -> str:
    of_day = minute % MINUTES_PER_DAY
    return f"{of_day // 60:02d}:{of_day % 60:02d}"


def staff_rows(draft: RolloverDraft) -> list[dict[str, Any]]:
    """Each day of the next horizon with every therapist's shifts on it, as text."""
    scenario = draft.scenario
    names = {t.id: t.name for t in scenario.therapists}
    rows = []
    for index in range(scenario.settings.days):
        day = draft.first_day + timedelta(days=index)
        shifts = sorted(
            (s for s in scenario.shifts if s.start // MINUTES_PER_DAY == index),
            key=lambda s: (s.therapist_id, s.start),
        )
        rows.append(
            {
                "day": day,
                "shifts": [
                    (names.get(s.therapist_id, s.therapist_id), s.therapist_id,
                     f"{_clock(s.start)}-{_clock(s.end)}")
                    for s in shifts
                ],
            }
        )  # fmt: skip
    return rows


def carried_rows(draft: RolloverDraft) -> list[dict[str, Any]]:
    """The courses carried: course, client, treatment and the sessions owed."""
    scenario = draft.scenario
    clients = scenario.client_by_id
    treatments = scenario.treatment_by_id
    rows = []
    for course_id, owed in draft.rollover.carried:
        course = scenario.course_by_id[course_id]
        client = clients.get(course.client_id)
        treatment = treatments.get(course.treatment_id)
        rows.append(
            {
                "course_id": course_id,
                "client": client.name if client else course.client_id,
                "treatment": treatment.name if treatment else course.treatment_id,
                "owed": owed,
            }
        )
    return rows


def _no_job_waiting(request: Request) -> ManagerJob | None:
    """The spa's ended job (to forget once the horizon moved on); 409 if one is running or a
    proposal of this horizon waits to be published or thrown away."""
    job = current_job(request)
    if job is None:
        return None
    if job.job.running:
        raise HTTPException(409, "a re-plan is running: wait for it or stop it first")
    if isinstance(job.job.result, LiveProposal) and not job.publish_when_done:
        raise HTTPException(409, "a proposal is waiting: publish it or throw it away first")
    return job


@router.get("/rollover", include_in_schema=False)
def manager_rollover(request: Request, user: ManagerUser) -> HTMLResponse:
    """The next horizon as a draft: nothing is written until the manager confirms."""
    draft = _draft(request)
    return render(
        request,
        "manager/rollover.html",
        user,
        draft=draft,
        digest=fingerprint_digest(draft.fingerprint),
        carried=carried_rows(draft),
        staff=staff_rows(draft),
        job=current_job(request),
    )


@router.post("/rollover", include_in_schema=False, dependencies=[Depends(csrf_checked)])
def manager_rollover_confirm(
    request: Request,
    user: ManagerUser,
    version: Annotated[int, Form(ge=0)],
    fingerprint: Annotated[str, Form(min_length=1, max_length=64)],
    first_day: Annotated[date, Form()],
) -> Response:
    """Write the next horizon into the served folder (the old one is kept beside it)."""
    ended = _no_job_waiting(request)
    draft = _draft(request)
    seen = (version, fingerprint, first_day)
    if seen != (draft.version, fingerprint_digest(draft.fingerprint), draft.first_day):
        raise HTTPException(409, CHANGED)
    state = web_state(request)
    try:
        done = confirm_rollover(state.spa, draft)
    except PlanChanged:
        raise HTTPException(409, CHANGED) from None
    except (ReplanError, NightlyLocked) as error:
        raise HTTPException(409, str(error)) from None
    if ended is not None:
        clear_job(request, ended)  # its result speaks of the horizon left behind
    state.accounts.audit(
        user.username,
        "horizon rolled over",
        {
            "from": draft.previous_start.isoformat(),
            "first_day": done.first_day.isoformat(),
            "carried": done.carried,
            "owed": done.owed,
            "dropped": done.dropped,
            "kept": done.kept.name,
        },
    )
    return RedirectResponse(f"/manager?rolled={done.first_day.isoformat()}", status_code=303)
