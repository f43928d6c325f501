"""The nightly job: re-plan a scenario against its last published plan, archive it, publish it.

Steps, all under one lock per spa (:func:`planner.nightly.lock.spa_lock`, taken before the
scenario is read): load the scenario; take the published plan of its horizon's days (whichever
runs of the spa published them, :meth:`planner.archive.Archive.published_for`); stop if the
scenario lost too much since (:mod:`planner.nightly.safety`); keep what already happened and
what lies in the freeze window (see :mod:`planner.nightly.freeze`); re-plan the rest with the
published plan as reference; check the new plan with the independent checker; stop if it
changes too much of the published plan; archive it; write every export into one temporary
folder and swap it into place; only then mark the run published. A run that dies half-way
leaves the previous exports and the previous published run as they were.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path

from planner import exitcodes
from planner.archive import Archive, ArchiveError, resolve_archive_url, spa_name, sqlite_file
from planner.check.pin_check import load_releasing_bookings
from planner.nightly.failure import NightlyFailure
from planner.nightly.lock import NightlyLock, NightlyLocked, spa_lock
from planner.nightly.logs import log
from planner.nightly.report import NightlyReport
from planner.nightly.safety import stopped
from planner.nightly.steps import (
    DEFAULT_FORMATS,
    REPORT_FILE,
    NightlyOptions,
    confirm_lock,
    propose,
    publish_proposal,
    published_horizon,
    record_stopped,
)
from planner.plan.guard import OutputOverlapsInput, refuse_overlap
from planner.scenario.bookings import ReleasedBooking
from planner.scenario.errors import ScenarioError
from planner.scenario.settings import read_spa
from planner.scenario.types import Scenario

__all__ = [
    "DEFAULT_FORMATS",
    "REPORT_FILE",
    "NightlyOptions",
    "confirm_lock",
    "published_horizon",
    "run_nightly",
]


def _load(folder: Path) -> tuple[Scenario, list[ReleasedBooking]]:
    try:
        scenario, warnings, released = load_releasing_bookings(folder)
    except ScenarioError as error:
        # Where, not what: a problem's message may quote a cell of the client files. Where
        # names ids only, never a condition (planner.scenario.subjects).
        for problem in error.problems:
            log.error("scenario problem at %s", problem.where())
        raise NightlyFailure(
            exitcodes.INVALID_INPUT, f"the scenario {folder} can't be loaded", error.problems
        ) from None
    log.info("scenario loaded: %d course(s), %d warning(s)", len(scenario.courses), len(warnings))
    for item in released:
        log.warning("released booking %s session %d", item.course_id, item.session)
    return scenario, released


def _replan(
    archive: Archive,
    scenario: Scenario,
    options: NightlyOptions,
    lock: NightlyLock,
    stop: threading.Event | None,
    released: Sequence[ReleasedBooking] = (),
) -> NightlyReport:
    proposal = propose(archive, scenario, options, stop, released)
    confirm_lock(lock, archive, spa_name(scenario, options.scenario_folder), proposal.horizon)
    if proposal.too_much is not None and not options.accept_change:
        # Kept for the manager to look at (planner diff), never published.
        run_id = record_stopped(archive, proposal, options)
        log.error("%s (run %d archived unpublished)", proposal.too_much, run_id)
        raise stopped(proposal.too_much)
    return publish_proposal(archive, proposal, options, lock)


def run_nightly(options: NightlyOptions, stop: threading.Event | None = None) -> NightlyReport:
    """Run the nightly re-plan described by ``options`` (see the module's steps).

    The scenario folder is only read, and only once the spa's lock is held (a booking at the
    desk publishes under the same lock). Exports are replaced all at once, and the run is marked
    published in the archive only after they are in place. Setting ``stop`` (SIGTERM from
    systemd, say) ends the search early; the best plan found is checked and published.

    Raises
    ------
    NightlyFailure
        With exit code 2 (scenario or archive can't be read, or the exports folder is, holds
        or lies inside the scenario folder or holds the archive), 3 (no plan possible), 4
        (another run holds the lock), 5 (the solver's plan broke a hard rule), 6 (the solver
        crashed), 7 (the safety stop: too much would change) or 1 (the new plan failed the
        checker).
    """
    url = resolve_archive_url(options.archive_url)
    log.info("nightly run starts: exports %s", options.exports)
    reads = [("the scenario folder", options.scenario_folder), ("the archive", sqlite_file(url))]
    try:
        refuse_overlap(options.exports, reads, option="-o")
    except OutputOverlapsInput as error:
        raise NightlyFailure(exitcodes.INVALID_INPUT, str(error)) from None
    try:
        # The lock is keyed by the spa alone, read without loading the scenario: the scenario
        # is read under the lock, so a booking published meanwhile is never missed.
        with spa_lock(url, options.exports, read_spa(options.scenario_folder)) as lock:
            log.info("holding the nightly lock")
            scenario, released = _load(options.scenario_folder)
            with Archive(url) as archive:
                return _replan(archive, scenario, options, lock, stop, released)
    except NightlyLocked as error:
        log.warning("locked: %s", error)
        raise NightlyFailure(exitcodes.LOCKED, str(error)) from None
    except ArchiveError as error:
        log.error("archive error: %s", error)
        raise NightlyFailure(exitcodes.INVALID_INPUT, str(error)) from None
    except NightlyFailure as failure:
        log.error("nightly run failed with exit code %d", failure.exit_code)
        raise
