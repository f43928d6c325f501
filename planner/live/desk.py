"""The front desk on a live spa: fit a course from the warm plan, book what the client chose.

:class:`Desk` answers a fit from the spa's kept snapshot (no loading, no re-reading the archive)
and remembers each answer by (plan version, request), so that booking option K of version V books
exactly what the client was shown. A booking goes through :func:`planner.book.book`, the same
function as ``planner book``, under the spa's lock (a booking that arrives while a re-plan
publishes waits for it): the chosen sessions are booked only if they still keep every hard rule
of the plan published now (:mod:`planner.book.chosen`); else :class:`DeskConflict` carries fresh
options. Two desks racing for the last slot: one books, the other gets fresh options.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, Protocol

from planner import exitcodes
from planner.book import (
    BookFailure,
    BookOptions,
    BookResult,
    ChosenSession,
    OptionTaken,
    new_client_id,
)
from planner.book import book as book_course
from planner.fit import FitContext, FitRequest, FitResult, RequestError
from planner.fit.document import fit_document
from planner.fit.request import with_course
from planner.live.spa import LiveSpa, SpaSnapshot, SpaUnavailable
from planner.nightly.lock import NightlyLocked
from planner.scenario.types import Course

# The fit request's words (its command-line options) as the API's and the form's field names.
REQUEST_FIELDS = {
    "--treatment": "treatment_id",
    "--sessions": "sessions",
    "--earliest": "earliest",
    "--latest": "latest",
    "--preferred-therapist": "preferred_therapist",
    "--available": "availability",
    "--phone": "phone",
    "--priority": "priority",
    "--min-gap-hours": "min_gap_hours",
    "--max-gap-hours": "max_gap_hours",
    "--course-id": "course_id",
    "--lead-minutes": "lead_minutes",
    "--now": "now",
}
# Fit answers kept per desk: a few minutes of a busy reception's questions.
CACHE_SIZE = 256


class DeskRequestError(ValueError):
    """A request that does not fit the scenario; ``field`` names the API's field."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


class DeskBusy(Exception):
    """The spa's lock stayed held (a re-plan publishing) longer than the spa waits."""


@dataclass(frozen=True)
class DeskFit:
    """A fit answered from the plan of ``version``: the new course, its client's name and the
    options as ``planner fit --json`` prints them, plus ``"version"`` (``document``)."""

    version: int
    course: Course
    client_name: str
    document: dict[str, Any]


class Searcher(Protocol):
    """Where a desk's fits are searched when not in its own process
    (:class:`planner.live.fit_worker.FitWorker`)."""

    def fit(self, request: FitRequest, top: int = 5) -> DeskFit:
        """:meth:`Desk.fit`, searched there."""

    def warm(self) -> None:
        """Read the spa and book its plan into the search's context now."""

    def close(self) -> None:
        """Stop searching there (the front end is stopping)."""


class DeskConflict(Exception):
    """The chosen option no longer fits the plan published now; ``fresh`` are new options."""

    def __init__(self, reason: str, fresh: DeskFit) -> None:
        super().__init__(reason)
        self.reason = reason
        self.fresh = fresh


@dataclass(frozen=True)
class DeskBooking:
    """A published booking: the plan's new ``version``, the course, and its sessions as booked
    (dicts as in ``book.json``); ``owed`` sessions of the course stay to book later."""

    version: int
    course_id: str
    client_id: str
    new_client: bool
    sessions: int
    booked: tuple[dict[str, Any], ...]
    report: BookResult

    @property
    def owed(self) -> int:
        """Sessions of the course not booked in this horizon (a prefix or a long course)."""
        return self.sessions - len(self.booked)


def request_error(error: RequestError) -> DeskRequestError:
    """``error`` with the API's field name instead of the command-line option."""
    field = REQUEST_FIELDS.get(error.option, error.option.lstrip("-").replace("-", "_"))
    message = str(error).removeprefix(f"{error.option}: ")
    return DeskRequestError(field, message)


def chosen_sessions(option: Mapping[str, Any]) -> tuple[ChosenSession, ...]:
    """The sessions of an option object as ``/api/fit`` returned it.

    Raises
    ------
    DeskRequestError
        If the object has no sessions or a session lacks a field.
    """
    sessions = option.get("sessions")
    if not isinstance(sessions, list) or not sessions:
        raise DeskRequestError("option.sessions", "expected a list of sessions")
    if option.get("moves"):
        raise DeskRequestError(
            "option.moves", "an option that moves booked sessions is not booked here"
        )
    out = []
    for k, s in enumerate(sessions):
        try:
            out.append(
                ChosenSession(
                    int(s["session"]), str(s["therapist_id"]), str(s["room_id"]), str(s["start"])
                )
            )
        except (KeyError, TypeError, ValueError):
            raise DeskRequestError(
                f"option.sessions.{k}", "expected session, therapist_id, room_id and start"
            ) from None
    return tuple(out)


class Desk:
    """The front desk of one live spa: fits from the warm plan, bookings under the spa's lock.

    Parameters
    ----------
    spa
        The live spa.
    lead_minutes
        Nothing is offered earlier than the spa's clock plus this.
    worker
        Search in this worker process instead of this one (a server's readers then never wait
        for a search); None: search here.
    """

    def __init__(
        self, spa: LiveSpa, lead_minutes: int = 60, worker: Searcher | None = None
    ) -> None:
        self.spa = spa
        self.lead_minutes = lead_minutes
        self.worker = worker
        self._answers: OrderedDict[tuple[int, FitRequest, int], DeskFit] = OrderedDict()
        self._lock = threading.Lock()
        self._warm: tuple[tuple[int, object], FitContext] | None = None

    def _clocked(self, request: FitRequest, snapshot: SpaSnapshot | None = None) -> FitRequest:
        """The request at the spa's clock (the client is on the phone now); a new client
        without an id (``client_id`` empty) fitted as the next free id of ``snapshot``."""
        now = self.spa.now().strftime("%Y-%m-%dT%H:%M")
        if not request.client_id and snapshot is not None:
            request = replace(request, client_id=new_client_id(snapshot.scenario))
        return replace(request, now=now, lead_minutes=self.lead_minutes)

    def _snapshot(self) -> SpaSnapshot:
        snapshot = self.spa.snapshot()
        if not snapshot.published:
            raise SpaUnavailable(
                "no plan is published for these days yet; the manager plans and publishes first"
            )
        return snapshot

    def warm(self) -> None:
        """Book the published plan into the fit's context now (a server's start), so that the
        first caller does not wait for it."""
        if self.worker is not None:
            self.worker.warm()
        else:
            self._context(self._snapshot())

    def _context(self, snapshot: SpaSnapshot) -> FitContext:
        """The warm fit context of ``snapshot``'s plan: the published plan booked once, kept
        until the scenario or the published plan changes."""
        key = (snapshot.version, snapshot.fingerprint)
        with self._lock:
            if self._warm is not None and self._warm[0] == key:
                return self._warm[1]
        context = FitContext(snapshot.scenario, snapshot.sessions)
        with self._lock:
            self._warm = (key, context)
        return context

    def _search(self, snapshot: SpaSnapshot, request: FitRequest, top: int) -> FitResult:
        """The one place the desk searches: in the warm context of the published plan (the
        same answers as :func:`planner.fit.fit_course`)."""
        return self._context(snapshot).fit(request, top)

    def fit(self, request: FitRequest, top: int = 5) -> DeskFit:
        """The ``top`` best bookings of ``request`` into the plan published now (searched by
        the desk's worker process when it has one).

        Raises
        ------
        DeskRequestError
            If the request does not fit the scenario (unknown treatment, bad window, ...).
        SpaUnavailable
            If the scenario can't be loaded or nothing is published for its days.
        """
        answer = self.worker.fit(request, top) if self.worker else self.fit_here(request, top)
        with self._lock:
            key = (answer.version, replace(request, now=None), top)
            self._answers[key] = answer
            self._answers.move_to_end(key)
            while len(self._answers) > CACHE_SIZE:
                self._answers.popitem(last=False)
        return answer

    def fit_here(self, request: FitRequest, top: int = 5) -> DeskFit:
        """:meth:`fit`, searched in this process (a worker's own desk calls it)."""
        snapshot = self._snapshot()
        clocked = self._clocked(request, snapshot)
        try:
            result = self._search(snapshot, clocked, top)
        except RequestError as error:
            raise request_error(error) from None
        document = {**fit_document(result, snapshot.sessions, top), "version": snapshot.version}
        client = result.scenario.client_by_id[result.course.client_id]
        return DeskFit(snapshot.version, result.course, client.name, document)

    def shown(self, request: FitRequest, version: int, top: int = 5) -> DeskFit | None:
        """The fit this desk answered for ``request`` at plan ``version`` (None: not kept)."""
        with self._lock:
            return self._answers.get((version, replace(request, now=None), top))

    def _chosen(
        self, request: FitRequest, version: int, rank: int | None, top: int
    ) -> tuple[ChosenSession, ...] | None:
        """Option ``rank`` of what version ``version``'s fit showed (None: not kept)."""
        shown = self.shown(request, version, top)
        if shown is None or rank is None:
            return None
        options = shown.document["options"]
        if not 1 <= rank <= len(options):
            raise DeskRequestError("rank", f"expected 1 to {len(options)}, got {rank}")
        return chosen_sessions(options[rank - 1])

    def book(
        self,
        request: FitRequest,
        version: int,
        *,
        rank: int | None = None,
        option: Sequence[ChosenSession] | None = None,
        top: int = 5,
        note: str | None = None,
        new_client: bool = False,
    ) -> DeskBooking:
        """Book option ``rank`` of the fit shown at plan ``version``, or exactly ``option``.

        The sessions are booked if they keep every hard rule of the plan published now (the
        plan may have changed since ``version``); else :class:`DeskConflict` with fresh options.
        A new client (``new_client``, or ``request.client_id`` empty) gets its id under the
        spa's lock: the request's if no client has it by then, else the next free one (two
        desks adding a client at once never share an id); the booking names it.

        Raises
        ------
        DeskRequestError
            For a bad request, rank or option.
        DeskConflict
            If the option no longer fits, or option ``rank`` of ``version`` is not kept.
        DeskBusy
            If the spa's lock stayed held longer than the spa waits.
        SpaUnavailable
            If the scenario can't be loaded or nothing is published.
        """
        if (rank is None) == (option is None):
            raise DeskRequestError("rank", "expected either rank or option")
        self._validate(request)
        chosen = tuple(option) if option is not None else self._chosen(request, version, rank, top)
        if chosen is None:
            raise DeskConflict(
                "the plan changed since these options were shown", self.fit(request, top)
            )
        options = BookOptions(
            scenario_folder=self.spa.folder,
            archive_url=self.spa.archive_url,
            exports=self.spa.exports,
            request=self._clocked(request),
            top=top,
            note=note,
            option=chosen,
            lock_wait=self.spa.lock_wait,
            new_client=new_client or not request.client_id,
        )
        try:
            with self.spa.writing() as lock:
                report = book_course(options, held=lock)
        except NightlyLocked as error:
            raise DeskBusy(str(error)) from None
        except OptionTaken as taken:
            raise DeskConflict(taken.reason, self.fit(request, top)) from None
        except BookFailure as failure:
            if failure.exit_code == exitcodes.LOCKED:
                raise DeskBusy(str(failure)) from None
            raise SpaUnavailable(str(failure)) from None
        booked = tuple(report.to_dict()["booked"])
        return DeskBooking(
            report.run_id, report.course_id, report.client_id, report.new_client,
            report.sessions, booked, report,
        )  # fmt: skip

    def _validate(self, request: FitRequest) -> None:
        """Refuse a request that does not fit the scenario before taking the spa's lock."""
        snapshot = self._snapshot()
        try:
            with_course(snapshot.scenario, self._clocked(request, snapshot))
        except RequestError as error:
            raise request_error(error) from None


__all__ = [
    "REQUEST_FIELDS",
    "Desk",
    "DeskBooking",
    "DeskBusy",
    "DeskConflict",
    "DeskFit",
    "DeskRequestError",
    "chosen_sessions",
    "request_error",
]
