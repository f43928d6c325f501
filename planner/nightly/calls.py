"""The nightly's call list: whom to tell what, against the published plan of this horizon.

Published sessions the run could not keep (:class:`planner.nightly.freeze.NotFrozen`, e.g. a
therapist's shift gone) and front-desk bookings the scenario no longer allows
(:class:`planner.scenario.bookings.ReleasedBooking`) are promises a scenario change broke: they
come first on the list.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from planner.nightly.freeze import Freeze
from planner.plan.notify import (
    CANCELLED,
    MOVED,
    CallRow,
    call_list,
    change_counts,
    clients_to_notify,
)
from planner.plan.result import Result
from planner.plan.types import PlannedSession
from planner.scenario.bookings import ReleasedBooking
from planner.scenario.types import Scenario


def nightly_calls(
    scenario: Scenario,
    published: Sequence[PlannedSession],
    result: Result,
    freeze: Freeze,
    bookings: Sequence[ReleasedBooking] = (),
) -> tuple[list[CallRow], Result]:
    """The call list of a re-plan, and ``result`` with ``moved``, ``dropped`` and
    ``clients_to_notify`` counted on that list (so ``summary.json`` and ``nightly.json`` say
    exactly what the list holds).

    Parameters
    ----------
    scenario
        The scenario the new plan was checked against.
    published
        The published sessions of this horizon.
    result
        The new plan.
    freeze
        What the run kept; its sessions that could not be kept are listed first.
    bookings
        Front-desk bookings the scenario no longer allows (released at loading): listed first
        too, when the new plan changes them (a released booking is listed only on the run that
        moves or cancels it, not again every night).
    """
    released = [(b.course_id, b.session, b.reason) for b in bookings]
    released += [(n.course_id, n.session, n.reason) for n in freeze.not_frozen]
    plan = result.plan
    rows = call_list(scenario, published, plan.sessions, plan.unscheduled, released)
    counts = change_counts(rows)
    counted = replace(
        result,
        moved=counts[MOVED],
        dropped=counts[CANCELLED],
        clients_to_notify=clients_to_notify(rows),
    )
    return rows, counted


__all__ = ["nightly_calls"]
