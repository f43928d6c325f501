"""The manager's background job (a re-plan, a sick day's re-plan, advice): one at a time per
spa, kept in the server's state so that it survives page reloads."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

from fastapi import HTTPException, Request

from planner.live import ReplanJob
from planner.web.state import web_state

EXTRA = "manager_jobs"
FIRST_PLAN = "first plan"
ADVICE = "advice"


@dataclass
class ManagerJob:
    """A job and what the pages need to know of it.

    ``publish_when_done`` marks the first plan of a horizon (nothing to compare with: it is
    published as soon as it is made).
    """

    job: ReplanJob[Any]
    kind: str
    publish_when_done: bool = False


def _board(request: Request) -> dict[str, Any]:
    extras = web_state(request).extras
    board: dict[str, Any] = extras.setdefault(EXTRA, {"lock": threading.Lock(), "job": None})
    return board


def current_job(request: Request) -> ManagerJob | None:
    """The spa's job, running or ended but not yet published or thrown away."""
    found: ManagerJob | None = _board(request)["job"]
    return found


def start_job(request: Request, job: ManagerJob) -> None:
    """Start ``job`` unless another one is running or its proposal is waiting (409)."""
    board = _board(request)
    with board["lock"]:
        waiting: ManagerJob | None = board["job"]
        if waiting is not None:
            if waiting.job.running:
                raise HTTPException(409, "a re-plan is already running: wait for it or stop it")
            if waiting.job.status().state == "done" and not waiting.publish_when_done:
                raise HTTPException(409, "a proposal is waiting: publish it or throw it away first")
        board["job"] = job
        job.job.start()


def clear_job(request: Request, job: ManagerJob) -> bool:
    """Forget ``job`` if it is still the spa's job; False if another took its place."""
    board = _board(request)
    with board["lock"]:
        if board["job"] is not job:
            return False
        board["job"] = None
        return True
