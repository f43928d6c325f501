"""The manager's re-plans: the whole horizon, a sick day, a closed room, and advice; each runs
as a background job with a live progress line and a stop button, then a proposal to publish or
throw away. Every change goes into the audit trail (ids and counts only)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import RedirectResponse, Response

from planner.accounts import User
from planner.live import (
    ChangeError,
    LiveProposal,
    PlanChanged,
    ReplanError,
    ReplanJob,
    ScenarioChange,
    propose_replan,
    publish_replan,
    replan_options,
    room_closed,
    therapist_off,
)
from planner.model import Progress
from planner.nightly import NightlyLocked
from planner.scenario.types import Scenario
from planner.web.deps import csrf_checked, page_user
from planner.web.manager import left_out, snapshot_of
from planner.web.manager_jobs import (
    ADVICE,
    FIRST_PLAN,
    ManagerJob,
    clear_job,
    current_job,
    start_job,
)
from planner.web.pages import render
from planner.web.state import WebState, web_state

router = APIRouter(prefix="/manager")
ManagerUser = Annotated[User, Depends(page_user("manager"))]
Checked = Depends(csrf_checked)
Progressed = Callable[[Progress], None]


def _to_job_page() -> RedirectResponse:
    return RedirectResponse("/manager/job", status_code=303)


def _replan_work(
    state: WebState, change: ScenarioChange | None, publish_by: str | None
) -> Callable[[threading.Event, Progressed], LiveProposal]:
    """The job's work: propose (and, for a first plan, publish at once as ``publish_by``)."""
    spa = state.spa

    def work(stop: threading.Event, progress: Progressed) -> LiveProposal:
        options = replan_options(spa, time_limit=state.config.time_limit)
        proposal = propose_replan(spa, change, options=options, stop=stop, progress=progress)
        if publish_by is not None:
            try:
                report = publish_replan(spa, proposal, note="first plan (planner serve)")
            except NightlyLocked as error:
                raise ReplanError(str(error)) from None
            state.accounts.audit(
                publish_by,
                "plan published",
                {
                    "run_id": report.run_id,
                    "kind": FIRST_PLAN,
                    "sessions": report.sessions_scheduled,
                },
            )
        return proposal

    return work


def _start_replan(request: Request, user: User, change: ScenarioChange | None) -> None:
    state = web_state(request)
    first = change is None and not snapshot_of(request).published
    kind = FIRST_PLAN if first else ("re-plan" if change is None else change.kind)
    work = _replan_work(state, change, user.username if first else None)
    detail = {} if change is None else {"subject": change.subject, "day": change.day.isoformat()}
    start_job(request, ManagerJob(ReplanJob(kind, work, user.username, detail), kind, first))


@router.post("/replan", include_in_schema=False, dependencies=[Checked])
def manager_replan(request: Request, user: ManagerUser) -> Response:
    """Start a re-plan of the whole horizon (the first plan publishes when done)."""
    _start_replan(request, user, None)
    return _to_job_page()


def _date_field(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise HTTPException(400, "day: expected a date YYYY-MM-DD") from None


ChangeOf = Callable[[Path, Scenario, str, date], ScenarioChange]


def _propose(
    request: Request, user: User, change_of: ChangeOf, subject: str, day: str
) -> tuple[ScenarioChange, date]:
    """Stage ``change_of(folder, scenario, subject, day)`` in memory and start its re-plan; a
    bad field is a 400 naming it."""
    snapshot = snapshot_of(request)
    on = _date_field(day)
    try:
        change = change_of(web_state(request).spa.folder, snapshot.scenario, subject, on)
    except ChangeError as error:
        raise HTTPException(400, f"{error.field}: {error.message}") from None
    _start_replan(request, user, change)
    return change, on


@router.post("/sick-day", include_in_schema=False, dependencies=[Checked])
def manager_sick_day(
    request: Request,
    user: ManagerUser,
    therapist_id: Annotated[str, Form(min_length=1, max_length=100)],
    day: Annotated[str, Form(min_length=1, max_length=20)],
) -> Response:
    """Mark a therapist off for a day and propose the re-plan (nothing written yet)."""
    change, on = _propose(request, user, therapist_off, therapist_id, day)
    web_state(request).accounts.audit(
        user.username,
        "sick day marked",
        {"therapist_id": therapist_id, "day": on.isoformat(), "shifts": change.rows},
    )
    return _to_job_page()


@router.post("/room-closed", include_in_schema=False, dependencies=[Checked])
def manager_room_closed(
    request: Request,
    user: ManagerUser,
    room_id: Annotated[str, Form(min_length=1, max_length=100)],
    day: Annotated[str, Form(min_length=1, max_length=20)],
) -> Response:
    """Close a room for a day and propose the re-plan (nothing written yet)."""
    _, on = _propose(request, user, room_closed, room_id, day)
    web_state(request).accounts.audit(
        user.username, "room closed", {"room_id": room_id, "day": on.isoformat()}
    )
    return _to_job_page()


@router.post("/advise", include_in_schema=False, dependencies=[Checked])
def manager_advise(request: Request, user: ManagerUser) -> Response:
    """Start the advice: which one change books the most left-out sessions."""
    snapshot = snapshot_of(request)
    if not snapshot.published:
        raise HTTPException(409, "nothing is published for these days yet: plan the week first")
    unscheduled = left_out(request, snapshot)
    limit = min(web_state(request).config.time_limit or 10.0, 10.0)

    def work(stop: threading.Event, progress: Progressed) -> Any:
        from planner.api import advise_changes

        return advise_changes(
            snapshot.scenario,
            list(snapshot.sessions),
            unscheduled,
            top=3,
            time_limit=limit,
            stop=stop,
        )

    start_job(request, ManagerJob(ReplanJob(ADVICE, work, user.username), ADVICE))
    return _to_job_page()


def _job_context(job: ManagerJob | None) -> dict[str, Any]:
    if job is None:
        return {"job": None, "status": None}
    return {"job": job, "status": job.job.status(), "result": job.job.result}


@router.get("/job", include_in_schema=False)
def manager_job(request: Request, user: ManagerUser) -> Response:
    """The running job's progress, or its proposal (publish / throw away), or its error."""
    job = current_job(request)
    if job is None:
        return RedirectResponse("/manager", status_code=303)
    return render(request, "manager/job.html", user, **_job_context(job))


@router.get("/job/status", include_in_schema=False)
def manager_job_status(request: Request, user: ManagerUser) -> Response:
    """The progress line (htmx polls it every second); once the job ended the page reloads."""
    job = current_job(request)
    if job is None or not job.job.running:
        return Response(status_code=200, headers={"HX-Refresh": "true"})
    return render(request, "manager/_progress.html", user, **_job_context(job))


def _job_or_409(request: Request) -> ManagerJob:
    job = current_job(request)
    if job is None:
        raise HTTPException(409, "there is no re-plan to act on (it was published or thrown away)")
    return job


@router.post("/job/stop", include_in_schema=False, dependencies=[Checked])
def manager_job_stop(request: Request, user: ManagerUser) -> Response:
    """Stop the search now: the best plan found so far becomes the proposal."""
    _job_or_409(request).job.stop()
    return _to_job_page()


@router.post("/job/publish", include_in_schema=False, dependencies=[Checked])
def manager_job_publish(request: Request, user: ManagerUser) -> Response:
    """Publish the proposal (and write its sick day or closure into the scenario folder)."""
    job = _job_or_409(request)
    proposal = job.job.result
    if job.job.running or not isinstance(proposal, LiveProposal) or job.publish_when_done:
        raise HTTPException(409, "there is no finished proposal to publish")
    state = web_state(request)
    try:
        report = publish_replan(state.spa, proposal, note=f"{job.kind} (planner serve)")
    except PlanChanged as error:
        clear_job(request, job)
        raise HTTPException(409, str(error)) from None
    except (ReplanError, NightlyLocked) as error:
        raise HTTPException(409, str(error)) from None
    clear_job(request, job)
    state.accounts.audit(
        user.username,
        "plan published",
        {
            "run_id": report.run_id,
            "kind": job.kind,
            **job.job.detail,
            "moved": report.moved,
            "dropped": report.dropped,
        },
    )
    return RedirectResponse(f"/manager?published={report.run_id}", status_code=303)


@router.post("/job/discard", include_in_schema=False, dependencies=[Checked])
def manager_job_discard(request: Request, user: ManagerUser) -> Response:
    """Throw the proposal (or the advice, or a failed job) away; nothing was written."""
    job = _job_or_409(request)
    if job.job.running:
        raise HTTPException(409, "the re-plan is still running: stop it first")
    if clear_job(request, job) and job.kind != ADVICE and not job.publish_when_done:
        web_state(request).accounts.audit(
            user.username, "proposal thrown away", {"kind": job.kind, **job.job.detail}
        )
    return RedirectResponse("/manager", status_code=303)
