"""What the front desk's pages and API share: the live desk, requests and booking in one place.

The desk (:class:`planner.live.Desk`) is kept in the server's state, so that the fit answers it
remembers by plan version serve every later booking. Both front ends audit a booking the same
way: ids and counts only.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any

from fastapi import Request

from planner.accounts import User
from planner.fit import FitRequest
from planner.live import Desk, DeskBooking, FitWorker
from planner.web.state import WebState, web_state

_EXTRA = "desk"
_made = threading.Lock()


def desk_of(request: Request) -> Desk:
    """The server's desk (made on first use)."""
    return desk_in(web_state(request))


def desk_in(state: WebState) -> Desk:
    """The desk kept in ``state`` (made on first use)."""
    with _made:
        desk = state.extras.get(_EXTRA)
        if not isinstance(desk, Desk):
            worker = FitWorker(state.spa) if state.config.fit_worker else None
            desk = Desk(state.spa, worker=worker)
            state.extras[_EXTRA] = desk
    return desk


def close_desk(state: WebState) -> None:
    """Stop the desk's worker process, if it has one (the server is stopping)."""
    desk = state.extras.get(_EXTRA)
    if isinstance(desk, Desk) and desk.worker is not None:
        desk.worker.close()


def availability_specs(rows: Sequence[tuple[str, str, str, str]]) -> tuple[str, ...]:
    """Rows (date, start, end, kind) as ``client_availability.csv`` has them, as the fit's
    ``--available`` specs (:mod:`planner.fit.availability`)."""
    return tuple(f"{day} {start}-{end} {kind or 'available'}" for day, start, end, kind in rows)


def fit_request(fields: dict[str, Any], available: Sequence[str]) -> FitRequest:
    """A fit request from a form's or an API body's fields (already validated)."""
    return FitRequest(
        client_id=fields["client_id"],
        treatment_id=fields["treatment_id"],
        sessions=fields["sessions"],
        client_name=fields.get("client_name") or None,
        earliest=fields.get("earliest") or None,
        latest=fields.get("latest") or None,
        preferred_therapist=fields.get("preferred_therapist") or None,
        phone=fields.get("phone") or None,
        available=tuple(available),
    )


def audit_booking(state: WebState, user: User, booking: DeskBooking, via: str) -> None:
    """Record a booking in the audit trail (ids and counts; never a condition)."""
    state.accounts.audit(
        user.username,
        "course booked",
        {
            "course_id": booking.course_id,
            "client_id": booking.client_id,
            "new_client": booking.new_client,
            "sessions": len(booking.booked),
            "owed": booking.owed,
            "run_id": booking.version,
            "via": via,
        },
    )
