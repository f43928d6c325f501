"""Whole-horizon re-plans of a live spa, proposed first and published on the manager's word.

:func:`propose_replan` runs the nightly's steps (:func:`planner.nightly.steps.propose`: what
happened and what lies in the freeze window stays, the rest is solved in a child process of
:mod:`planner.isolated` and checked) on the scenario as it stands, or as it would stand with a
:class:`~planner.live.changes.ScenarioChange` (a sick day, a closed room). Nothing is written:
the proposal remembers the plan's version and the folder it was made from.
:func:`publish_replan` writes the change into the folder and publishes the plan exactly as
``planner nightly`` does, under the spa's lock, and refuses if anything was published or the
folder changed since the proposal was made. Throwing a proposal away is forgetting it.

:class:`ReplanJob` runs a proposal in a background thread, with the search's progress and a
stop request (the best plan found so far is kept), for front ends that poll it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any, Generic, TypeVar

from planner.archive import Archive, ArchiveError
from planner.book.files import restore_files
from planner.live.changes import (
    ScenarioChange,
    current_texts,
    staged_scenario,
    write_change,
)
from planner.live.spa import Fingerprint, LiveSpa, folder_fingerprint
from planner.model import Progress
from planner.nightly.failure import NightlyFailure
from planner.nightly.report import NightlyReport
from planner.nightly.steps import NightlyOptions, Proposal, propose, publish_proposal
from planner.plan.notify import CANCELLED, MOVED, CallRow
from planner.plan.score import scheduled_value
from planner.scenario.errors import ScenarioError

REPLAN = "re-plan"
PLAN_CHANGED = "the plan changed since this proposal was made; re-plan again"


class ReplanError(Exception):
    """A re-plan that could not be proposed or published, in the manager's words."""


class PlanChanged(ReplanError):
    """Something was published, or the scenario folder changed, since the proposal."""


@dataclass(frozen=True)
class LiveProposal:
    """A proposed re-plan of a live spa and what it was made from.

    ``kind`` is :data:`REPLAN` or the change's kind; ``version`` and ``fingerprint`` are the
    plan's version and the folder's fingerprint when the proposal was made (publishing checks
    them); ``stopped_early`` says the manager stopped the search.
    """

    kind: str
    change: ScenarioChange | None
    version: int
    fingerprint: Fingerprint
    proposal: Proposal
    options: NightlyOptions
    stopped_early: bool = False

    @property
    def value_before(self) -> int:
        """The scheduled value of the published plan of these days."""
        return scheduled_value(self.proposal.loaded, self.proposal.planned)

    @property
    def value_after(self) -> int:
        """The scheduled value of the proposed plan."""
        return self.proposal.result.scheduled_value

    @property
    def compared(self) -> int:
        """Published sessions after the freeze window (those a re-plan may change)."""
        until = self.proposal.freeze.until
        return sum(1 for s in self.proposal.planned if s.start >= until)

    @property
    def changed(self) -> int:
        """How many of :attr:`compared` the proposal moves or drops."""
        after = {(s.course_id, s.session): s for s in self.proposal.result.plan.sessions}
        until = self.proposal.freeze.until
        count = 0
        for s in self.proposal.planned:
            new = after.get((s.course_id, s.session))
            if s.start >= until and (
                new is None
                or (new.start, new.therapist_id, new.room_id)
                != (s.start, s.therapist_id, s.room_id)
            ):
                count += 1
        return count

    @property
    def share_changed(self) -> float:
        """:attr:`changed` as a share of :attr:`compared` (0 when nothing was compared)."""
        return self.changed / self.compared if self.compared else 0.0

    @property
    def moved(self) -> tuple[CallRow, ...]:
        """The call list's moved sessions."""
        return tuple(c for c in self.proposal.calls if c.change == MOVED)

    @property
    def dropped(self) -> tuple[CallRow, ...]:
        """The call list's cancelled sessions."""
        return tuple(c for c in self.proposal.calls if c.change == CANCELLED)


def replan_options(
    spa: LiveSpa, *, time_limit: float | None = None, deterministic: bool = False
) -> NightlyOptions:
    """The nightly options of a re-plan of ``spa`` at its clock.

    The manager looks at the proposal and publishes it explicitly, so the nightly's safety stop
    does not refuse it (:attr:`LiveProposal.share_changed` shows what it would have compared).
    """
    return NightlyOptions(
        scenario_folder=spa.folder,
        archive_url=spa.archive_url,
        exports=spa.exports,
        now=spa.now(),
        time_limit=time_limit,
        deterministic=deterministic,
        accept_change=True,
    )


def propose_replan(
    spa: LiveSpa,
    change: ScenarioChange | None = None,
    *,
    options: NightlyOptions | None = None,
    stop: threading.Event | None = None,
    progress: Callable[[Progress], None] | None = None,
) -> LiveProposal:
    """Re-plan the horizon of ``spa`` (with ``change``, if given) without writing anything.

    Raises
    ------
    ReplanError
        If the scenario (with the change) does not load or the archive can't be read.
    planner.nightly.NightlyFailure
        If no plan was made (the solver crashed, no plan possible); the published plan stays.
    """
    options = options or replan_options(spa)
    fingerprint = folder_fingerprint(spa.folder)
    version = spa.version()
    moment = options.now or datetime.now()
    try:
        scenario, _, released = staged_scenario(spa.folder, change, today=moment.date())
    except ScenarioError as error:
        first = next((p for p in error.problems if p.severity == "error"), None)
        where = f": {first.where()}" if first is not None else ""
        raise ReplanError(f"the scenario would not load{where}") from None
    try:
        with Archive(spa.archive_url) as archive:
            proposal = propose(archive, scenario, options, stop, released, progress)
    except ArchiveError as error:
        raise ReplanError(str(error)) from None
    return LiveProposal(
        kind=REPLAN if change is None else change.kind,
        change=change,
        version=version,
        fingerprint=fingerprint,
        proposal=proposal,
        options=options,
        stopped_early=bool(stop is not None and stop.is_set()),
    )


def publish_replan(spa: LiveSpa, live: LiveProposal, note: str | None = None) -> NightlyReport:
    """Write the proposal's change into the folder and publish its plan, under the spa's lock.

    Raises
    ------
    PlanChanged
        If a plan was published, or the folder changed, since the proposal was made.
    ReplanError
        If the change no longer loads or the plan can't be published (the folder is put back).
    planner.nightly.NightlyLocked
        If the spa's lock stayed held longer than the spa's wait.
    """
    options = replace(live.options, note=note)
    with spa.writing() as lock:
        if spa.version() != live.version or folder_fingerprint(spa.folder) != live.fingerprint:
            raise PlanChanged(PLAN_CHANGED)
        old = None
        if live.change is not None:
            old = current_texts(spa.folder, live.change)
            try:
                write_change(spa.folder, live.change, today=(options.now or datetime.now()).date())
            except ScenarioError:
                raise ReplanError("the changed scenario does not load; nothing written") from None
        try:
            with Archive(spa.archive_url) as archive:
                return publish_proposal(archive, live.proposal, options, lock)
        except (NightlyFailure, ArchiveError) as error:
            if old is not None:
                restore_files(spa.folder, old)
            raise ReplanError(f"nothing was published: {error}") from None
        except BaseException:
            if old is not None:
                restore_files(spa.folder, old)
            raise


T = TypeVar("T")


@dataclass(frozen=True)
class JobStatus:
    """What a background job is doing: ``state`` is ``running``, ``done`` or ``failed``."""

    state: str
    progress: Progress | None
    error: str | None
    stopping: bool

    @property
    def gap(self) -> float | None:
        """The relative gap between the best plan's value and the proven bound, if known."""
        p = self.progress
        if p is None or p.bound is None or p.bound <= 0:
            return None
        return max(0.0, (p.bound - p.scheduled_value) / p.bound)


class ReplanJob(Generic[T]):
    """``work(stop, progress)`` run in a background thread, watched by a front end.

    Parameters
    ----------
    kind
        What the job does, in words (``re-plan``, ``sick day``, ``advice``).
    work
        The job; it gets the stop event and the progress callback, and returns the result.
    started_by
        Who started it (a user name, for the audit trail).
    detail
        Ids and counts describing the job, kept for the front end.
    """

    def __init__(
        self,
        kind: str,
        work: Callable[[threading.Event, Callable[[Progress], None]], T],
        started_by: str = "",
        detail: dict[str, Any] | None = None,
    ) -> None:
        self.kind = kind
        self.started_by = started_by
        self.detail = detail or {}
        self.stop_event = threading.Event()
        self.result: T | None = None
        self._work = work
        self._progress: Progress | None = None
        self._error: str | None = None
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"planner-{kind}", daemon=True)

    def start(self) -> ReplanJob[T]:
        """Start the job's thread."""
        self._thread.start()
        return self

    def _record(self, progress: Progress) -> None:
        self._progress = progress

    def _run(self) -> None:
        try:
            self.result = self._work(self.stop_event, self._record)
        except (ReplanError, NightlyFailure) as error:
            self._error = str(error)
        except Exception as error:  # a front end shows it; the published plan stays
            self._error = f"the job failed ({type(error).__name__}); the published plan stays"
        finally:
            self._done.set()

    def stop(self) -> None:
        """Ask the search to end now; the best plan found so far is kept."""
        self.stop_event.set()

    def wait(self, timeout: float | None = None) -> bool:
        """Wait for the job to end; True if it did."""
        return self._done.wait(timeout)

    @property
    def running(self) -> bool:
        """True until the job ended."""
        return not self._done.is_set()

    def status(self) -> JobStatus:
        """The job's state now."""
        if self.running:
            state = "running"
        else:
            state = "failed" if self._error is not None or self.result is None else "done"
        return JobStatus(state, self._progress, self._error, self.stop_event.is_set())


__all__ = [
    "PLAN_CHANGED",
    "REPLAN",
    "JobStatus",
    "LiveProposal",
    "PlanChanged",
    "ReplanError",
    "ReplanJob",
    "propose_replan",
    "publish_replan",
    "replan_options",
]
