"""The options ``planner fit`` and ``planner book`` share, so that ``book --choose K`` books
exactly what ``fit`` showed for the same words."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar

import click

if TYPE_CHECKING:
    from planner.fit import FitRequest

F = TypeVar("F", bound=Callable[..., Any])
DATETIME = click.DateTime(formats=["%Y-%m-%dT%H:%M"])

_OPTIONS = (
    click.option("--client", "client_id", required=True, help="Client id (new ones are added)."),
    click.option("--client-name", help="Name of a new client [default: the id]."),
    click.option("--phone", help="The client's phone (clients.csv column 'phone')."),
    click.option(
        "--available",
        multiple=True,
        metavar="'DAYS HH:MM-HH:MM'",
        help="When the client can come, e.g. 'mon-fri 17:00-21:00' or '2026-12-09 "
        "17:00-21:00' (repeatable; added to the client's availability rows).",
    ),
    click.option("--treatment", "treatment_id", required=True, help="Treatment id."),
    click.option("--sessions", type=click.IntRange(min=1), required=True, help="Sessions."),
    click.option("--priority", type=click.IntRange(1, 5), default=1, show_default=True),
    click.option("--earliest", help="First session not before YYYY-MM-DDTHH:MM."),
    click.option("--latest", help="Every session ends by YYYY-MM-DDTHH:MM."),
    click.option("--min-gap-hours", type=click.FloatRange(min=0), help="[default: treatment's]"),
    click.option("--max-gap-hours", type=click.FloatRange(min=0), help="[default: treatment's]"),
    click.option("--preferred-therapist", help="Therapist id the client would like."),
    click.option(
        "--needs-assessment", type=click.Choice(["yes", "no"]), default="yes", show_default=True
    ),
    click.option("--course-id", help="Id of the new course [default: CLIENT-TREATMENT-N]."),
    click.option("--top", type=click.IntRange(min=1), default=5, show_default=True),
    click.option(
        "--allow-moves",
        type=click.IntRange(min=0),
        default=0,
        show_default=True,
        help="Published sessions outside the freeze window that may move.",
    ),
    click.option(
        "--now", type=DATETIME, help="The spa's time YYYY-MM-DDTHH:MM [default: the clock]."
    ),
    click.option(
        "--lead-minutes",
        type=click.IntRange(min=0),
        default=60,
        show_default=True,
        help="No session is offered before now + this many minutes.",
    ),
    click.option("--freeze-hours", type=click.FloatRange(min=0), default=24.0, show_default=True),
)


def request_options(command: F) -> F:
    """Add the request's options (client, course, clock, moves) to ``command``."""
    for option in reversed(_OPTIONS):
        command = option(command)
    return command


def spa_now(options: dict[str, Any]) -> datetime:
    """The spa's time: ``--now``, else the machine's clock (to the minute)."""
    now: datetime | None = options.get("now")
    return (now or datetime.now()).replace(second=0, microsecond=0)


def fit_request(options: dict[str, Any]) -> FitRequest:
    """The :class:`~planner.fit.FitRequest` of the request options (with the clock)."""
    # Imported here: planner.fit loads the model, which `planner --help` should not wait for.
    from planner.fit import FitRequest

    return FitRequest(
        client_id=options["client_id"],
        treatment_id=options["treatment_id"],
        sessions=options["sessions"],
        client_name=options.get("client_name"),
        priority=options["priority"],
        earliest=options.get("earliest"),
        latest=options.get("latest"),
        min_gap_hours=options.get("min_gap_hours"),
        max_gap_hours=options.get("max_gap_hours"),
        preferred_therapist=options.get("preferred_therapist"),
        needs_assessment=options["needs_assessment"] == "yes",
        course_id=options.get("course_id"),
        now=f"{spa_now(options):%Y-%m-%dT%H:%M}",
        lead_minutes=options["lead_minutes"],
        phone=options.get("phone"),
        available=tuple(options.get("available") or ()),
    )


__all__ = ["DATETIME", "fit_request", "request_options", "spa_now"]
