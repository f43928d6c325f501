"""``GET /api/plan``: the published plan as the caller's role may see it."""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import Response

from planner.accounts import User
from planner.live import SpaUnavailable, plan_for
from planner.web.deps import ANY_ROLE, api_user
from planner.web.state import web_state

router = APIRouter(prefix="/api", tags=["api"])
ApiUser = Annotated[User, Depends(api_user(*ANY_ROLE))]
_EXTRA = "api_plan"
# Answers kept per plan and audience: 16 readers of an unchanged plan share one serialisation.
_KEEP = 16
_kept = threading.Lock()


def _answer(request: Request, key: tuple[Any, ...], make: Any) -> bytes:
    cache: OrderedDict[tuple[Any, ...], bytes] = web_state(request).extras.setdefault(
        _EXTRA, OrderedDict()
    )
    with _kept:
        if key in cache:
            cache.move_to_end(key)
            return cache[key]
    body = json.dumps(make(), ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    with _kept:
        cache[key] = body
        while len(cache) > _KEEP:
            cache.popitem(last=False)
    return body


@router.get(
    "/plan", response_class=Response, responses={200: {"content": {"application/json": {}}}}
)
def api_plan(request: Request, user: ApiUser) -> Response:
    """The published plan of the spa's days, filtered by the caller's role.

    ``{"version": V, "sessions": [{"course_id", "session", "client_id", "treatment_id",
    "therapist_id", "room_id", "start", "end", "caution"}], "unscheduled": [{"course_id",
    "session", "reason"}]}``, dates and times as in ``plan.csv`` (``YYYY-MM-DDTHH:MM``).
    A manager gets every session and the reasons in full; the desk every session, with "a
    health condition" in place of a condition's name; a therapist their own sessions only and
    no unscheduled rows. ``version`` grows with every publish.
    """
    state = web_state(request)
    try:
        snapshot = state.spa.snapshot()
    except SpaUnavailable as error:
        # A scenario's error may quote a cell (of client_conditions.csv too): the manager's only.
        detail = str(error) if user.role == "manager" else "ask the manager to check its files"
        raise HTTPException(503, f"the spa can't be read now: {detail}") from None
    key = (snapshot.version, snapshot.fingerprint, user.role, user.therapist_id)
    body = _answer(request, key, lambda: plan_for(snapshot, user.role, user.therapist_id).to_json())
    return Response(body, media_type="application/json")
