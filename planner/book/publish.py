"""A booking's plan archived and published: the one path of ``planner book`` and of a booking
completed after a restart (:mod:`planner.book.complete`).

The run is recorded in the archive (kind ``book``, not yet published); then its call list, and
the plan files and exports swapped into the exports folder at once; only then is the run marked
published (:func:`planner.nightly.publish_run.publish_plan`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from planner.archive import Archive
from planner.book.report import REPORT_FILE
from planner.nightly.publish_run import publish_plan
from planner.plan.folder import PlanBundle
from planner.plan.notify import CallRow, call_list, change_counts, clients_to_notify
from planner.plan.result import given_summary
from planner.plan.types import PlannedSession, UnscheduledSession
from planner.scenario.bookings import ReleasedBooking
from planner.scenario.types import Scenario

# The kind of run a booking archives (``planner history`` shows it).
BOOK_KIND = "book"


def record_booked(
    archive: Archive,
    scenario: Scenario,
    folder: Path,
    sessions: Sequence[PlannedSession],
    note: str | None,
) -> int:
    """Archive the booked plan, not yet published; its run id."""
    return archive.record(scenario, folder, sessions, BOOK_KIND, note=note, published=False)


def unscheduled_of(
    scenario: Scenario, sessions: Sequence[PlannedSession]
) -> list[UnscheduledSession]:
    """Every session the plan leaves out, with the manager's reason."""
    # Imported here: the reasons need every course's choices, worked out only on this path.
    from planner.model import explain_plan

    return explain_plan(scenario, sessions)


def _calls(
    scenario: Scenario,
    published: Sequence[PlannedSession],
    sessions: Sequence[PlannedSession],
    unscheduled: Sequence[UnscheduledSession],
    released: Sequence[ReleasedBooking],
) -> list[CallRow]:
    """Whom the desk must tell what: the published sessions the booking moved (``--allow-moves``)
    and earlier bookings it could not keep; the booked client is on the phone already."""
    reasons = [(r.course_id, r.session, r.reason) for r in released]
    return call_list(scenario, published, sessions, unscheduled, reasons)


def _call_counts(calls: Sequence[CallRow]) -> dict[str, int]:
    counts = change_counts(calls)
    return {
        "moved": counts["moved"],
        "dropped": counts["cancelled"],
        "clients_to_notify": clients_to_notify(calls),
    }


def publish_booked(
    archive: Archive,
    run_id: int,
    exports: Path,
    scenario: Scenario,
    published: Sequence[PlannedSession],
    sessions: Sequence[PlannedSession],
    released: Sequence[ReleasedBooking],
    formats: Sequence[str],
    report: Mapping[str, Any],
) -> None:
    """Publish archived run ``run_id``: the plan ``sessions`` of ``scenario`` (the booking's
    pins in it), with ``book.json`` holding ``report``, into ``exports``.

    Parameters
    ----------
    archive
        The archive holding run ``run_id`` (recorded by :func:`record_booked`).
    run_id
        The run to publish.
    exports
        The exports folder (swapped as a whole).
    scenario
        The scenario as the folder holds it now.
    published
        The plan published before (for the call list).
    sessions
        The plan to publish.
    released
        Earlier bookings a scenario change made impossible (they go on the call list).
    formats
        Export formats.
    report
        The ``book.json`` document (ids only).
    """
    unscheduled = tuple(unscheduled_of(scenario, sessions))
    calls = _calls(scenario, published, sessions, unscheduled, released)
    summary = {
        "scenario": scenario.settings.name,
        **given_summary(scenario, sessions),
        **_call_counts(calls),
    }
    bundle = PlanBundle(tuple(sessions), unscheduled, summary)
    archive.record_calls(run_id, calls)
    publish_plan(archive, run_id, exports, scenario, bundle, formats, {REPORT_FILE: report}, calls)


__all__ = ["BOOK_KIND", "publish_booked", "record_booked", "unscheduled_of"]
