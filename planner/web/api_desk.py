"""The front desk's JSON API: ``POST /api/fit`` and ``POST /api/bookings`` (desk and manager).

A fit answers what ``planner fit --json`` prints, plus the plan's ``version``. A booking names
that version and either the option's ``rank`` or the ``option`` object itself: it is booked if
its sessions still keep every hard rule of the plan published now (201), else the answer is 409
with fresh options. Every bad field is a 422 naming it; a scenario that can't be loaded, or a
re-plan that holds the spa's lock for more than 30 s, a 503.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from planner.accounts import User
from planner.live import DeskBusy, DeskConflict, DeskRequestError, SpaUnavailable
from planner.live.desk import chosen_sessions
from planner.web.deps import api_user
from planner.web.desk_common import audit_booking, availability_specs, desk_of, fit_request
from planner.web.state import web_state

router = APIRouter(prefix="/api", tags=["front desk"])
DeskUser = Annotated[User, Depends(api_user("desk", "manager"))]

ID = r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,63}$"
DATETIME = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$"
DATE = r"^\d{4}-\d{2}-\d{2}$"
CLOCK = r"^\d{2}:\d{2}$"


class AvailabilityRow(BaseModel):
    """A period the client can come, as a row of ``client_availability.csv``."""

    model_config = ConfigDict(extra="forbid")
    date: str = Field(pattern=DATE, examples=["2026-12-09"])
    start: str = Field(pattern=CLOCK, examples=["17:00"])
    end: str = Field(pattern=CLOCK, examples=["21:00"])
    kind: Literal["available", "preferred"] = "available"


class FitBody(BaseModel):
    """One course to fit, in the terms of ``courses.csv`` (a new client: give its name, and
    leave ``client_id`` out for the server to choose a free id when it books)."""

    model_config = ConfigDict(extra="forbid")
    client_id: str | None = Field(None, pattern=ID)
    client_name: str | None = Field(None, min_length=1, max_length=200, validate_default=True)
    phone: str | None = Field(None, min_length=3, max_length=40, pattern=r"^[0-9+()\-. /]+$")
    treatment_id: str = Field(pattern=ID)
    sessions: int = Field(ge=1, le=100)
    earliest: str | None = Field(None, pattern=DATETIME)
    latest: str | None = Field(None, pattern=DATETIME)
    preferred_therapist: str | None = Field(None, pattern=ID)
    availability: list[AvailabilityRow] = Field(default_factory=list, max_length=400)
    top: int = Field(5, ge=1, le=20)

    @field_validator("client_name")
    @classmethod
    def _named_if_new(cls, value: str | None, info: ValidationInfo) -> str | None:
        # Run for the default too (validate_default), so that a missing name is named.
        if "client_id" in info.data and info.data["client_id"] is None and not value:
            raise ValueError("a new client (no client_id) needs client_name")
        return value


class OptionSession(BaseModel):
    """One session of an option as ``/api/fit`` returned it."""

    session: int = Field(ge=1, le=100)
    therapist_id: str = Field(pattern=ID)
    room_id: str = Field(pattern=ID)
    start: str = Field(pattern=DATETIME)
    end: str | None = Field(None, pattern=DATETIME)


class OptionBody(BaseModel):
    """An option object exactly as ``/api/fit`` returned it (its other keys are ignored)."""

    sessions: list[OptionSession] = Field(min_length=1, max_length=100)
    moves: list[dict[str, Any]] = Field(default_factory=list, max_length=0)


class BookingBody(FitBody):
    """The fit's fields, the plan ``version`` the options were shown for, and either the
    option's ``rank`` or the ``option`` itself."""

    version: int = Field(ge=0)
    rank: int | None = Field(None, ge=1, le=20)
    option: OptionBody | None = None

    @model_validator(mode="after")
    def _one_choice(self) -> BookingBody:
        if (self.rank is None) == (self.option is None):
            raise ValueError("give either rank or option")
        return self


def _request(body: FitBody) -> Any:
    rows = [(r.date, r.start, r.end, r.kind) for r in body.availability]
    # No client_id: a new client, whose id the booking chooses under the spa's lock.
    fields = {**body.model_dump(), "client_id": body.client_id or ""}
    return fit_request(fields, availability_specs(rows))


def _invalid(error: DeskRequestError) -> JSONResponse:
    fields = [{"field": error.field, "message": error.message}]
    return JSONResponse({"detail": str(error), "fields": fields}, 422)


def _unavailable(error: Exception) -> JSONResponse:
    return JSONResponse({"detail": str(error)}, 503)


@router.post("/fit")
def api_fit(body: FitBody, request: Request, user: DeskUser) -> Any:
    """The best bookings of a new course into the plan published now (``planner fit --json``'s
    document plus ``version``); nothing starts before the spa's clock plus the lead time."""
    try:
        return desk_of(request).fit(_request(body), body.top).document
    except DeskRequestError as error:
        return _invalid(error)
    except SpaUnavailable as error:
        return _unavailable(error)


@router.post("/bookings", status_code=201)
def api_book(body: BookingBody, request: Request, user: DeskUser) -> Any:
    """Book option ``rank`` of the fit shown at ``version``, or exactly ``option``: 201 with the
    plan's new version; 409 with fresh options if it no longer fits; never a double booking."""
    desk = desk_of(request)
    try:
        option = None if body.option is None else chosen_sessions(body.option.model_dump())
        booking = desk.book(
            _request(body), body.version, rank=body.rank, option=option, top=body.top
        )
    except DeskRequestError as error:
        return _invalid(error)
    except DeskConflict as conflict:
        return JSONResponse({"detail": conflict.reason, "options": conflict.fresh.document}, 409)
    except DeskBusy:
        return _unavailable(Exception("the plan is being published; try again in a minute"))
    except SpaUnavailable as error:
        return _unavailable(error)
    audit_booking(web_state(request), user, booking, "api")
    return {
        "version": booking.version,
        "course_id": booking.course_id,
        "client_id": booking.client_id,
        "booked": list(booking.booked),
        "owed": booking.owed,
    }
