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
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from planner import exitcodes
from planner.archive import (
    Archive,
    ArchivedSession,
    ArchiveError,
    PublishedHorizon,
    RunInfo,
    diff_plans,
    resolve_archive_url,
    scenario_name,
    spa_name,
    sqlite_file,
)
from planner.archive.diff import changes_text
from planner.check import check_sessions
from planner.check.pin_check import load_releasing_bookings
from planner.model import SolveOptions
from planner.nightly.calls import nightly_calls
from planner.nightly.failure import NightlyFailure
from planner.nightly.freeze import Freeze, freeze_plan, frozen_scenario, in_horizon
from planner.nightly.lock import NightlyLock, NightlyLocked, spa_lock
from planner.nightly.logs import log
from planner.nightly.publish_run import publish_plan
from planner.nightly.report import NightlyReport
from planner.nightly.safety import DEFAULT_MAX_CHANGE, plan_change, scenario_loss, stopped
from planner.nightly.solver import solve_frozen
from planner.plan.folder import PlanBundle
from planner.plan.guard import OutputOverlapsInput, refuse_overlap
from planner.plan.notify import CallRow, call_list_name
from planner.plan.publish import PublishLocked, PublishRefused
from planner.plan.result import Result
from planner.plan.types import PlannedSession
from planner.scenario.bookings import ReleasedBooking
from planner.scenario.errors import ScenarioError
from planner.scenario.settings import read_spa
from planner.scenario.timeaxis import format_datetime, minutes_at
from planner.scenario.types import Scenario

REPORT_FILE = "nightly.json"
DEFAULT_FORMATS = ("csv", "xlsx", "ics", "html")


@dataclass(frozen=True)
class NightlyOptions:
    """What ``planner nightly`` was asked to do.

    ``now`` is the spa's local wall-clock time (None: the machine's clock); the freeze window
    is ``[now, now + freeze_hours)``. ``time_limit`` None takes the scenario's. More than
    ``max_change`` (a share) of change stops the run unless ``accept_change``
    (:mod:`planner.nightly.safety`).
    """

    scenario_folder: Path
    archive_url: str
    exports: Path
    now: datetime | None = None
    freeze_hours: float = 24.0
    time_limit: float | None = None
    workers: int = 2
    seed: int = 0
    deterministic: bool = False
    formats: tuple[str, ...] = DEFAULT_FORMATS
    note: str | None = None
    max_change: float = DEFAULT_MAX_CHANGE
    accept_change: bool = False


def _axis_minute(scenario: Scenario, moment: datetime) -> int:
    return minutes_at(scenario.settings.start, moment.date(), moment.hour * 60 + moment.minute)


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


def _check(scenario: Scenario, result: Result) -> None:
    """Refuse to publish a plan the independent checker rejects (a solver bug)."""
    violations = check_sessions(scenario, result.plan.sessions)
    if violations:
        log.error(
            "the new plan breaks hard rules %s; nothing published",
            sorted({v.rule for v in violations}),
        )
        raise NightlyFailure(
            exitcodes.INTERNAL_ERROR,
            f"internal error: the new plan breaks {len(violations)} hard rule(s), first: "
            f"{violations[0]}; nothing was published",
        )


def _freeze(
    scenario: Scenario, published: Sequence[ArchivedSession], options: NightlyOptions
) -> tuple[list[PlannedSession], Freeze]:
    """The published sessions of this horizon, and what of them the run keeps as it was."""
    now = _axis_minute(scenario, options.now or datetime.now())
    until = now + round(options.freeze_hours * 60)
    planned = in_horizon(scenario, (s.to_planned(scenario.settings.start) for s in published))
    freeze = freeze_plan(scenario, planned, now, until)
    log.info(
        "kept %d published session(s) (%d already begun), %d outside the horizon",
        len(freeze.kept),
        freeze.past,
        len(published) - len(planned),
    )
    for item in freeze.not_frozen:
        log.warning("could not keep %s", item)
    return planned, freeze


def published_horizon(archive: Archive, spa: str, scenario: Scenario) -> PublishedHorizon:
    """The published plan in force on the days of ``scenario``'s horizon, for ``spa``."""
    settings = scenario.settings
    return archive.published_for(spa, settings.start, settings.day_date(settings.days - 1))


def confirm_lock(lock: NightlyLock, archive: Archive, spa: str, previous: PublishedHorizon) -> None:
    """Before anything is archived: the lock is still held, and if it was lost (a restart of
    the database server) and taken again, nobody published a plan of ``spa`` for these days
    meanwhile: ``previous`` is the published plan this run re-planned against.

    Raises
    ------
    NightlyLocked
        If another run holds the lock now.
    NightlyFailure
        With exit code 4 if another run published while the lock was lost.
    """
    if not lock.confirm():
        return
    log.warning("the lock was lost (database server restart) and taken again")
    latest = archive.published_for(spa, previous.first_day, previous.last_day)
    if latest.run_ids != previous.run_ids:
        raise NightlyFailure(
            exitcodes.LOCKED,
            "another run published a plan while the archive's database server "
            "restarted during this run; this run published nothing",
        )


def _stop_if_changed(
    archive: Archive,
    scenario: Scenario,
    result: Result,
    planned: Sequence[PlannedSession],
    freeze: Freeze,
    options: NightlyOptions,
) -> None:
    """The safety stop after solving: too much of the published plan would change."""
    if options.accept_change:
        return
    reason = plan_change(planned, result.plan.sessions, freeze.until, options.max_change)
    if reason is None:
        return
    # Kept for the manager to look at (planner diff), never published.
    run_id = archive.record(
        scenario, options.scenario_folder, result, "nightly", note=reason, published=False
    )
    log.error("%s (run %d archived unpublished)", reason, run_id)
    raise stopped(reason)


def _report(
    run_id: int,
    previous: RunInfo | None,
    scenario: Scenario,
    options: NightlyOptions,
    freeze: Freeze,
    result: Result,
    has_calls: bool,
    changes: dict[str, int],
    released: Sequence[ReleasedBooking],
) -> NightlyReport:
    """The report of the archived run ``run_id``, before its exports are published."""
    start = scenario.settings.start
    return NightlyReport(
        run_id=run_id,
        previous_run_id=None if previous is None else previous.id,
        scenario_name=scenario_name(scenario, options.scenario_folder),
        now=format_datetime(start, freeze.now),
        freeze_until=format_datetime(start, freeze.until),
        status=result.status.value,
        scheduled_value=result.scheduled_value,
        penalty=result.penalty,
        sessions_scheduled=result.sessions_scheduled,
        sessions_total=result.sessions_total,
        kept=len(freeze.kept),
        kept_past=freeze.past,
        not_frozen=freeze.not_frozen,
        moved=result.moved or 0,
        dropped=result.dropped or 0,
        clients_to_notify=result.clients_to_notify or 0,
        call_list=f"manager/{call_list_name(run_id)}" if has_calls else "",
        changes=changes,
        exports=str(options.exports.absolute()),
        released=tuple(released),
        limit=result.limit.text,
    )


def _publish(
    archive: Archive,
    run_id: int,
    options: NightlyOptions,
    scenario: Scenario,
    result: Result,
    report: NightlyReport,
    calls: Sequence[CallRow],
) -> None:
    """Publish the run's plan, exports and report, or fail with the exit code of why not."""
    bundle = PlanBundle.of_result(scenario, result)
    documents = {REPORT_FILE: report.to_dict()}
    try:
        publish_plan(archive, run_id, options.exports, scenario, bundle, options.formats,
                     documents, calls)  # fmt: skip
    except PublishLocked as error:  # an export or another writer holds the folder
        raise NightlyFailure(exitcodes.LOCKED, str(error)) from None
    except (PublishRefused, NotADirectoryError) as error:
        raise NightlyFailure(exitcodes.INVALID_INPUT, f"can't publish: {error}") from None


def _replan(
    archive: Archive,
    scenario: Scenario,
    options: NightlyOptions,
    lock: NightlyLock,
    stop: threading.Event | None,
    released: Sequence[ReleasedBooking] = (),
) -> NightlyReport:
    spa = spa_name(scenario, options.scenario_folder)
    start = scenario.settings.start
    horizon = published_horizon(archive, spa, scenario)
    previous = horizon.latest
    log.info(
        "previous published plan of these days: runs %s with %d session(s)",
        list(horizon.run_ids) or "none",
        len(horizon.sessions),
    )
    if not options.accept_change and (
        loss := scenario_loss(previous, scenario, options.max_change)
    ):
        log.error("%s", loss)
        raise stopped(loss)

    planned, freeze = _freeze(scenario, horizon.sessions, options)
    # A released booking that already began stays as it happened: not released after all.
    kept = {(s.course_id, s.session) for s in freeze.kept}
    released = [r for r in released if (r.course_id, r.session) not in kept]
    to_solve, to_check = frozen_scenario(scenario, freeze)
    how = SolveOptions(
        time_limit=options.time_limit,
        workers=options.workers,
        seed=options.seed,
        deterministic=options.deterministic,
    )
    result = solve_frozen(to_solve, freeze, how, bool(planned), stop)
    _check(to_check, result)
    confirm_lock(lock, archive, spa, horizon)
    _stop_if_changed(archive, to_check, result, planned, freeze, options)

    # Changes are counted against the published sessions of this horizon only.
    diff = diff_plans(
        [ArchivedSession.of(start, s) for s in planned],
        [ArchivedSession.of(start, s) for s in result.plan.sessions],
    )
    calls, result = nightly_calls(to_check, planned, result, freeze, released)
    run_id = archive.record(
        to_check, options.scenario_folder, result, "nightly", note=options.note, published=False
    )
    report = _report(run_id, previous, scenario, options, freeze, result, bool(calls),
                     diff.counts(), released)  # fmt: skip
    archive.record_calls(run_id, calls)
    log.info(
        "archived run %d; %d client(s) to notify; changes: %s",
        run_id,
        report.clients_to_notify,
        changes_text(report.changes),
    )
    _publish(archive, run_id, options, to_check, result, report, calls)
    log.info("published run %d to %s", run_id, report.exports)
    return report


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
