"""The nightly's two halves: propose a re-plan, then record and publish it.

:func:`propose` re-plans a scenario against the published plan of its horizon's days: what
already happened and what lies in the freeze window stays, the rest is solved in a child
process, checked by the independent checker and compared with the published plan (changes, the
call list, the safety stop's share). :func:`publish_proposal` archives the proposal and swaps its
exports into place. ``planner nightly`` runs both under one lock; ``planner serve`` proposes
without holding the lock (a receptionist may book meanwhile), shows the proposal to the manager,
and publishes it under the lock only if nothing was published since.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from planner import exitcodes
from planner.archive import (
    Archive,
    ArchivedSession,
    PublishedHorizon,
    diff_plans,
    scenario_name,
    spa_name,
)
from planner.archive.diff import changes_text
from planner.check import check_sessions
from planner.model import Progress, SolveOptions
from planner.nightly.calls import nightly_calls
from planner.nightly.failure import NightlyFailure
from planner.nightly.freeze import Freeze, freeze_plan, frozen_scenario, in_horizon
from planner.nightly.lock import NightlyLock
from planner.nightly.logs import log
from planner.nightly.publish_run import publish_plan
from planner.nightly.report import NightlyReport
from planner.nightly.safety import DEFAULT_MAX_CHANGE, plan_change, scenario_loss, stopped
from planner.nightly.solver import solve_frozen
from planner.plan.folder import PlanBundle
from planner.plan.notify import CallRow, call_list_name
from planner.plan.publish import PublishLocked, PublishRefused
from planner.plan.result import Result
from planner.plan.types import PlannedSession
from planner.scenario.bookings import ReleasedBooking
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


@dataclass(frozen=True)
class Proposal:
    """A re-plan of a horizon, checked and compared with its published plan, not yet archived.

    Parameters
    ----------
    loaded
        The scenario as loaded (before the freeze pinned what it keeps).
    scenario
        The scenario the new plan was checked against (the freeze's pins included).
    horizon
        The published plan of the horizon's days the re-plan was made against.
    planned
        Its sessions within the horizon.
    freeze
        What the re-plan kept as it was.
    solved
        The new plan as the solver gave it.
    result
        The same with ``moved``, ``dropped`` and ``clients_to_notify`` counted on ``calls``.
    calls
        Whom to tell what.
    changes
        Counts of the changes against the published sessions (``planner diff``'s words).
    released
        Front-desk bookings the scenario no longer allows.
    too_much
        The safety stop's sentence when more than the allowed share would change, else None.
    """

    loaded: Scenario
    scenario: Scenario
    horizon: PublishedHorizon
    planned: tuple[PlannedSession, ...]
    freeze: Freeze
    solved: Result
    result: Result
    calls: tuple[CallRow, ...]
    changes: dict[str, int] = field(default_factory=dict)
    released: tuple[ReleasedBooking, ...] = ()
    too_much: str | None = None


def published_horizon(archive: Archive, spa: str, scenario: Scenario) -> PublishedHorizon:
    """The published plan in force on the days of ``scenario``'s horizon, for ``spa``."""
    settings = scenario.settings
    return archive.published_for(spa, settings.start, settings.last_day)


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
    moment = options.now or datetime.now()
    now = minutes_at(scenario.settings.start, moment.date(), moment.hour * 60 + moment.minute)
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


def propose(
    archive: Archive,
    scenario: Scenario,
    options: NightlyOptions,
    stop: threading.Event | None = None,
    released: Sequence[ReleasedBooking] = (),
    progress: Callable[[Progress], None] | None = None,
) -> Proposal:
    """Re-plan ``scenario`` against its published plan (nothing is archived or published).

    Raises
    ------
    NightlyFailure
        7 the scenario lost too much since the published run (unless ``accept_change``),
        6 the solver crashed, 5 or 1 the plan broke a hard rule, 3 no plan possible.
    """
    spa = spa_name(scenario, options.scenario_folder)
    start = scenario.settings.start
    horizon = published_horizon(archive, spa, scenario)
    log.info(
        "previous published plan of these days: runs %s with %d session(s)",
        list(horizon.run_ids) or "none",
        len(horizon.sessions),
    )
    if not options.accept_change and (
        loss := scenario_loss(horizon.latest, scenario, options.max_change)
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
        progress=progress,
    )
    solved = solve_frozen(to_solve, freeze, how, bool(planned), stop)
    _check(to_check, solved)
    too_much = plan_change(planned, solved.plan.sessions, freeze.until, options.max_change)
    # Changes are counted against the published sessions of this horizon only.
    diff = diff_plans(
        [ArchivedSession.of(start, s) for s in planned],
        [ArchivedSession.of(start, s) for s in solved.plan.sessions],
    )
    calls, result = nightly_calls(to_check, planned, solved, freeze, released)
    return Proposal(
        loaded=scenario,
        scenario=to_check,
        horizon=horizon,
        planned=tuple(planned),
        freeze=freeze,
        solved=solved,
        result=result,
        calls=tuple(calls),
        changes=diff.counts(),
        released=tuple(released),
        too_much=too_much,
    )


def _report(run_id: int, proposal: Proposal, options: NightlyOptions) -> NightlyReport:
    """The report of the archived run ``run_id``, before its exports are published."""
    start = proposal.loaded.settings.start
    previous = proposal.horizon.latest
    freeze = proposal.freeze
    result = proposal.result
    return NightlyReport(
        run_id=run_id,
        previous_run_id=None if previous is None else previous.id,
        scenario_name=scenario_name(proposal.loaded, options.scenario_folder),
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
        call_list=f"manager/{call_list_name(run_id)}" if proposal.calls else "",
        changes=proposal.changes,
        exports=str(options.exports.absolute()),
        released=proposal.released,
        limit=result.limit.text,
    )


def record_stopped(archive: Archive, proposal: Proposal, options: NightlyOptions) -> int:
    """Archive a proposal the safety stop refused, unpublished (for ``planner diff``)."""
    return archive.record(
        proposal.scenario,
        options.scenario_folder,
        proposal.solved,
        "nightly",
        note=proposal.too_much,
        published=False,
    )


def publish_proposal(
    archive: Archive, proposal: Proposal, options: NightlyOptions, lock: NightlyLock
) -> NightlyReport:
    """Archive ``proposal`` and publish it to ``options.exports`` (hold the spa's lock).

    Raises
    ------
    NightlyFailure
        4 the lock was lost or the exports folder is held, 2 the exports can't be written.
    """
    spa = spa_name(proposal.loaded, options.scenario_folder)
    confirm_lock(lock, archive, spa, proposal.horizon)
    scenario, result = proposal.scenario, proposal.result
    run_id = archive.record(
        scenario, options.scenario_folder, result, "nightly", note=options.note, published=False
    )
    report = _report(run_id, proposal, options)
    archive.record_calls(run_id, proposal.calls)
    log.info(
        "archived run %d; %d client(s) to notify; changes: %s",
        run_id,
        report.clients_to_notify,
        changes_text(proposal.changes),
    )
    bundle = PlanBundle.of_result(scenario, result)
    documents = {REPORT_FILE: report.to_dict()}
    try:
        publish_plan(archive, run_id, options.exports, scenario, bundle, options.formats,
                     documents, proposal.calls)  # fmt: skip
    except PublishLocked as error:  # an export or another writer holds the folder
        raise NightlyFailure(exitcodes.LOCKED, str(error)) from None
    except (PublishRefused, NotADirectoryError) as error:
        raise NightlyFailure(exitcodes.INVALID_INPUT, f"can't publish: {error}") from None
    log.info("published run %d to %s", run_id, report.exports)
    return report
