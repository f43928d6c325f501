"""The front desk's course form: every field read and checked, errors next to their fields.

The form says what a receptionist hears on the phone: a client (found, or new with a name, a
phone and the times they can come, as ``planner book --available`` takes them), a treatment,
how many sessions, the first and last date, a preferred therapist.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from starlette.datastructures import FormData

from planner.book import ChosenSession
from planner.fit import FitRequest
from planner.live.desk import chosen_sessions
from planner.live.desk_clients import new_client_id
from planner.scenario.types import Scenario
from planner.web.desk_common import fit_request

ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,63}$")
PHONE = re.compile(r"^[0-9+()\-. /]{3,40}$")
FIELDS = (
    "client_id", "client_name", "phone", "available", "treatment_id", "sessions",
    "first_date", "last_date", "preferred_therapist",
)  # fmt: skip


@dataclass
class CourseForm:
    """The form's values as typed (shown again with the errors) and its errors by field."""

    values: dict[str, str]
    errors: dict[str, str] = field(default_factory=dict)
    new_client: bool = False

    def request(self) -> FitRequest:
        """The fit request of a form without errors."""
        v = self.values
        first, last = v.get("first_date"), v.get("last_date")
        fields: dict[str, Any] = {
            **v,
            "sessions": int(v["sessions"]),
            "earliest": f"{first}T00:00" if first else None,
            "latest": f"{date.fromisoformat(last) + timedelta(days=1)}T00:00" if last else None,
        }
        available = [p.strip() for p in v.get("available", "").split(";") if p.strip()]
        return fit_request(fields, available)


def _text(form: FormData, name: str) -> str:
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""


def _check_client(
    values: dict[str, str], errors: dict[str, str], scenario: Scenario, new: bool
) -> bool:
    """Check the client's fields; True for a new client (an id is picked for it)."""
    client_id = values.get("client_id", "")
    if new and client_id in scenario.client_by_id:
        # The id picked when the options were shown went to another new client meanwhile.
        client_id = values["client_id"] = ""
    if client_id:
        if client_id not in scenario.client_by_id and not ID.match(client_id):
            errors["client_id"] = "expected a client id (letters, digits, - _ .)"
        return client_id not in scenario.client_by_id
    name = values.get("client_name", "")
    if not name:
        errors["client_name"] = "find a client above, or type the new client's name"
    elif len(name) > 200:
        errors["client_name"] = "expected at most 200 characters"
    values["client_id"] = new_client_id(scenario)
    return True


def _check_course(values: dict[str, str], errors: dict[str, str], scenario: Scenario) -> None:
    if values.get("phone") and not PHONE.match(values["phone"]):
        errors["phone"] = "expected a phone number (digits, spaces, + - ( ) .)"
    if values.get("treatment_id") not in scenario.treatment_by_id:
        errors["treatment_id"] = "choose a treatment"
    sessions = values.get("sessions", "")
    if not sessions.isdigit() or not 1 <= int(sessions) <= 100:
        errors["sessions"] = "expected a whole number from 1 to 100"
    therapist = values.get("preferred_therapist", "")
    if therapist and therapist not in scenario.therapist_by_id:
        errors["preferred_therapist"] = "choose a therapist or none"
    for name in ("first_date", "last_date"):
        if values.get(name):
            try:
                date.fromisoformat(values[name])
            except ValueError:
                errors[name] = "expected a date YYYY-MM-DD"
    first, last = values.get("first_date"), values.get("last_date")
    valid = "first_date" not in errors and "last_date" not in errors
    if first and last and valid and last < first:
        errors["last_date"] = "expected the last date on or after the first"


def read_course_form(form: FormData, scenario: Scenario) -> CourseForm:
    """The course form's values and errors (a new client gets a free id)."""
    values = {name: _text(form, name) for name in FIELDS}
    errors: dict[str, str] = {}
    new = _check_client(values, errors, scenario, _text(form, "new_client") == "1")
    _check_course(values, errors, scenario)
    return CourseForm(values, errors, new)


def read_choice(form: FormData) -> tuple[int, tuple[ChosenSession, ...]]:
    """The plan version and the sessions of the option the desk clicked.

    Raises
    ------
    ValueError
        If the hidden fields were tampered with.
    """
    version = _text(form, "version")
    if not version.isdigit():
        raise ValueError("version: expected the plan's version")
    try:
        option = json.loads(_text(form, "option"))
    except json.JSONDecodeError:
        raise ValueError("option: expected the option shown") from None
    if not isinstance(option, dict):
        raise ValueError("option: expected the option shown")
    return int(version), chosen_sessions(option)


__all__ = ["CourseForm", "read_choice", "read_course_form"]
