"""Bookings a kill left half-done: in ``pinned.csv``, not yet in the published plan.

``planner book`` swaps the booking into the scenario folder first, then archives and publishes
the plan. Killed in between (``kill -9``, a power cut), the course and its pins are in the
scenario folder, but the published plan does not carry them. :func:`complete_booked` finishes
such a booking under the spa's lock: the published plan plus the booked sessions, if the
independent checker finds every hard rule kept, is archived and published as ``planner book``
publishes (run kind ``book``). Booked sessions that no longer fit (the plan changed since) are
left to the next re-plan, which keeps every pin or releases an impossible booking. Nothing
missing: nothing is written, no run is made.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from planner import exitcodes
from planner.archive import Archive, spa_name
from planner.archive.horizon import PublishedHorizon
from planner.book.publish import publish_booked, record_booked
from planner.book.report import BookFailure, Completion
from planner.check import check_sessions
from planner.check.pin_check import load_releasing_bookings
from planner.nightly.freeze import in_horizon
from planner.nightly.job import confirm_lock, published_horizon
from planner.nightly.lock import NightlyLock
from planner.plan.pinned_sessions import pinned_sessions
from planner.plan.types import PlannedSession
from planner.scenario.bookings import ReleasedBooking
from planner.scenario.errors import ScenarioError
from planner.scenario.types import Scenario

# The note of the run that completes a booking (``planner history`` shows it).
COMPLETED_NOTE = "booking completed after a restart"


def load_live(folder: Path, today: date | None = None) -> tuple[Scenario, list[ReleasedBooking]]:
    """The scenario folder as a booking reads it: bookings a change made impossible released.

    Raises
    ------
    BookFailure
        With exit code 2 if the scenario can't be loaded (its first error named).
    """
    try:
        scenario, _, released = load_releasing_bookings(folder, today=today)
    except ScenarioError as error:
        first = next((str(p) for p in error.problems if p.severity == "error"), str(error))
        raise BookFailure(
            exitcodes.INVALID_INPUT, f"the scenario {folder} can't be loaded: {first}"
        ) from None
    return scenario, released


def published_sessions(
    archive: Archive, scenario: Scenario, spa: str, released: Sequence[ReleasedBooking]
) -> tuple[PublishedHorizon, list[PlannedSession]]:
    """The plan published for the days of this horizon (whichever run published it), without
    the released bookings; not checked."""
    horizon = published_horizon(archive, spa, scenario)
    start = scenario.settings.start
    gone = {(r.course_id, r.session) for r in released}
    sessions = [
        s
        for s in in_horizon(scenario, (a.to_planned(start) for a in horizon.sessions))
        if (s.course_id, s.session) not in gone
    ]
    return horizon, sessions


def missing_bookings(
    scenario: Scenario, published: Sequence[PlannedSession]
) -> list[PlannedSession]:
    """The booked pins of ``scenario`` that ``published`` does not carry as pinned."""
    booked = [p for p in scenario.pins if p.booked is not None]
    have = set(published)
    return [s for s in pinned_sessions(scenario, booked) if s not in have]


def complete_loaded(
    archive: Archive,
    lock: NightlyLock,
    folder: Path,
    scenario: Scenario,
    released: Sequence[ReleasedBooking],
    exports: Path,
    formats: Sequence[str],
) -> Completion | None:
    """:func:`complete_booked` for a scenario loaded under the spa's lock ``lock``."""
    spa = spa_name(scenario, folder)
    horizon, published = published_sessions(archive, scenario, spa, released)
    previous = horizon.latest
    if previous is None:
        return None  # nothing published yet: the first plan keeps every pin
    missing = missing_bookings(scenario, published)
    if not missing:
        return None
    keys = {(s.course_id, s.session) for s in missing}
    plan = [s for s in published if (s.course_id, s.session) not in keys] + missing
    plan.sort(key=lambda s: (s.start, s.therapist_id, s.course_id, s.session))
    start = scenario.settings.start
    violations = check_sessions(scenario, plan)
    if violations:
        rules = ", ".join(str(r) for r in sorted({v.rule for v in violations}))
        return Completion(
            tuple(missing), start, previous_run_id=previous.id,
            reason=f"no longer fit the published plan (hard rules {rules})",
        )  # fmt: skip
    confirm_lock(lock, archive, spa, horizon)
    run_id = record_booked(archive, scenario, folder, plan, COMPLETED_NOTE)
    completion = Completion(tuple(missing), start, run_id, previous.id)
    publish_booked(
        archive, run_id, exports, scenario, published, plan, released, formats,
        completion.to_dict(),
    )  # fmt: skip
    return completion


def complete_booked(
    folder: Path,
    archive: Archive,
    lock: NightlyLock,
    exports: Path,
    formats: Sequence[str],
    today: date | None = None,
) -> Completion | None:
    """Publish the booked sessions of ``pinned.csv`` that the published plan lacks.

    Call it holding the spa's lock ``lock``. ``today`` is the spa's date (for a scenario
    without a start date; None: the machine's).

    Returns
    -------
    Completion | None
        None when nothing was missing (or nothing is published yet: the first plan keeps every
        pin); else what was missing, and the run that published it (``run_id`` None when the
        sessions no longer fit: ``reason`` says why, and nothing was written).

    Raises
    ------
    BookFailure
        With exit code 2 if the scenario can't be loaded.
    """
    scenario, released = load_live(folder, today)
    return complete_loaded(archive, lock, folder, scenario, released, exports, formats)


__all__ = [
    "COMPLETED_NOTE",
    "complete_booked",
    "complete_loaded",
    "load_live",
    "missing_bookings",
    "published_sessions",
]
