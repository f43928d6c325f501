"""The front desk books a course: ``planner book SCENARIO --archive DB -o EXPORTS``.

:func:`book` runs under the nightly job's lock, so a booking and a re-plan never interleave:
it loads the live scenario folder (a booking an earlier scenario change made impossible is
released, as the nightly does), takes the archive's last published plan, fits the course as
``planner fit`` would with the same request and clock, books option K, and checks the plan.
Then, all or nothing:

1. the scenario folder gets the course (a new client with its phone, availability rows) and
   one ``pinned.csv`` row per booked session, marked ``booked`` (swapped in at once, read back
   and checked before the swap);
2. the plan is archived (kind ``book``, not yet published);
3. the plan files and exports are swapped into the exports folder;
4. the run is marked published.

If 2-4 fail, the scenario folder is put back as it was. A kill between 1 and 4 leaves the
booking in ``pinned.csv`` and not in the published plan: the next booking (here, first thing
under the lock) or ``planner serve`` starting completes it (:mod:`planner.book.complete`), and
a re-plan keeps it anyway: never a promise without a record.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from planner import exitcodes
from planner.archive import Archive, ArchiveError, resolve_archive_url, spa_name, sqlite_file
from planner.archive.horizon import PublishedHorizon
from planner.book.chosen import ChosenSession, OptionTaken, chosen_result
from planner.book.complete import complete_booked, complete_loaded, load_live, published_sessions
from planner.book.files import read_texts, replace_files, restore_files
from planner.book.publish import publish_booked, record_booked
from planner.book.report import BookFailure, BookResult, Completion
from planner.book.scenario_rows import booking_texts, new_client_id
from planner.check import check_sessions
from planner.check.pin_check import load_releasing_bookings
from planner.fit import FitRequest, FitResult, RequestError, fit_course, plan_with
from planner.fit.document import options_found
from planner.fit.moves import move_search
from planner.fit.request import requested_course
from planner.nightly.job import DEFAULT_FORMATS, confirm_lock
from planner.nightly.lock import LOCK_TIMEOUT_SECONDS, NightlyLock, NightlyLocked, spa_lock
from planner.plan.guard import refuse_overlap
from planner.plan.publish import PublishLocked, PublishRefused
from planner.plan.types import PlannedSession
from planner.scenario.bookings import ReleasedBooking
from planner.scenario.settings import read_spa
from planner.scenario.timeaxis import format_datetime, minutes_at
from planner.scenario.types import Pin, Scenario

# The test hook of :func:`_pause_for_tests` (never set in production) and how long it waits.
PAUSE_ENV = "PLANNER_TEST_BOOKING_PAUSE"
PAUSE_SECONDS = 60.0


@dataclass(frozen=True)
class BookOptions:
    """What ``planner book`` was asked: the request as for ``planner fit``, option ``choose``.

    ``request.now`` is the spa's clock (None: the machine's); ``allow_moves`` and
    ``freeze_hours`` mean what they mean for ``fit``. ``option``, if given, are the exact
    sessions to book instead of option ``choose`` of a fresh fit (a front end books what it
    showed; :mod:`planner.book.chosen`). ``lock_wait`` is how long to wait for the spa's lock.
    ``new_client`` says the request's client is a new one: its id is chosen under the lock (the
    request's ``client_id`` if no client has it then, else the next free ``c<number>``).
    """

    scenario_folder: Path
    archive_url: str
    exports: Path
    request: FitRequest
    choose: int = 1
    top: int = 5
    allow_moves: int = 0
    freeze_hours: float = 24.0
    formats: tuple[str, ...] = DEFAULT_FORMATS
    note: str | None = None
    option: tuple[ChosenSession, ...] | None = None
    lock_wait: float = LOCK_TIMEOUT_SECONDS
    new_client: bool = False


def _published(
    archive: Archive, scenario: Scenario, spa: str, released: Sequence[ReleasedBooking]
) -> tuple[PublishedHorizon, list[PlannedSession]]:
    """The plan published for the days of this horizon, checked against the scenario as it is
    now."""
    horizon, sessions = published_sessions(archive, scenario, spa, released)
    run = horizon.latest
    if run is None:
        raise BookFailure(
            exitcodes.INVALID_INPUT,
            f"the archive has no published plan of {spa!r} for these days; run `planner "
            "nightly` first",
        )
    violations = check_sessions(scenario, sessions)
    if violations:
        raise BookFailure(
            exitcodes.INVALID_INPUT,
            f"the published plan (run {run.id}) breaks {len(violations)} hard rule(s) of the "
            f"scenario as it is now (first: rule {violations[0].rule}); run `planner nightly` "
            "before booking",
        )
    return horizon, sessions


def _fit(
    scenario: Scenario, sessions: list[PlannedSession], options: BookOptions, now: int
) -> FitResult:
    request = options.request
    try:
        movable = move_search(scenario, sessions, options.allow_moves, now, options.freeze_hours)
        result = fit_course(scenario, sessions, request, max(options.top, options.choose), movable)
    except RequestError as error:
        raise BookFailure(exitcodes.INVALID_INPUT, f"invalid option {error}") from None
    if not result.options:
        raise BookFailure(
            exitcodes.NO_PLAN,
            f"nothing of the course fits ({result.reason}); nothing was booked",
        )
    if options.choose > len(result.options):
        raise BookFailure(
            exitcodes.INVALID_INPUT,
            f"--choose {options.choose}: {options_found(len(result.options))}",
        )
    return result


def _result(
    scenario: Scenario, published: list[PlannedSession], options: BookOptions, now: int
) -> tuple[FitResult, int]:
    """What to book and its rank: the given sessions, or option ``choose`` of a fresh fit."""
    if options.option is None:
        return _fit(scenario, published, options, now), options.choose
    return chosen_result(scenario, published, options.request, options.option), 1


def _booked_scenario(
    scenario: Scenario,
    request: FitRequest,
    result: FitResult,
    booked: Sequence[PlannedSession],
    at: int,
) -> Scenario:
    """The scenario as the folder will hold it: the course as requested, the booked sessions
    pinned and marked as bookings made at ``at``."""
    course = requested_course(scenario, request, result.course)
    courses = tuple(course if c.id == course.id else c for c in result.scenario.courses)
    pins = tuple(
        Pin(s.course_id, s.session, s.therapist_id, s.room_id, s.start, booked=at) for s in booked
    )
    return replace(result.scenario, courses=courses, pins=(*result.scenario.pins, *pins))


@contextmanager
def _restored_on_failure(folder: Path, old: dict[str, str | None]) -> Iterator[None]:
    try:
        yield
    except BaseException:
        restore_files(folder, old)
        raise


class _StagedCheck:
    """Checks the staged scenario folder before it is swapped in: it loads, every new
    booking reads back as a pin, and the plan keeps every hard rule of it."""

    def __init__(self, expected: Scenario, sessions: Sequence[PlannedSession]) -> None:
        self.fresh = {(p.course_id, p.session) for p in expected.pins if p.booked is not None}
        self.sessions = list(sessions)
        self.loaded: Scenario | None = None

    def __call__(self, staging: Path) -> None:
        loaded, _, released = load_releasing_bookings(staging)
        pinned = {(p.course_id, p.session) for p in loaded.pins}
        if any((r.course_id, r.session) in self.fresh for r in released) or not (
            self.fresh <= pinned
        ):
            raise RuntimeError("a booked session does not read back from pinned.csv")
        violations = check_sessions(loaded, self.sessions)
        if violations:
            raise RuntimeError(f"the booked plan breaks hard rule {violations[0].rule}")
        self.loaded = loaded


def _moves(
    result: FitResult, rank: int, published: Sequence[PlannedSession]
) -> tuple[tuple[PlannedSession, PlannedSession], ...]:
    by_key = {(s.course_id, s.session): s for s in published}
    out = []
    for move in result.moves.get(rank, ()):
        before = by_key[(move.course_id, move.session)]
        out.append((before, move.moved(before)))
    return tuple(out)


def _pause_for_tests() -> None:
    """A test hook, never set in production: with ``PLANNER_TEST_BOOKING_PAUSE`` naming a
    file, a booking creates that file once the scenario folder holds it and waits there a
    minute, so that a test can kill it at that very instant (tests/web/test_booking_kill.py)."""
    marker = os.environ.get(PAUSE_ENV)
    if marker:
        Path(marker).touch()
        threading.Event().wait(PAUSE_SECONDS)


def _with_client(options: BookOptions, scenario: Scenario) -> BookOptions:
    """For a new client, an id no client has now (chosen under the lock: two desks adding a
    client at once never share one): the request's, if still free, else the next free one."""
    request = options.request
    if not options.new_client or (
        request.client_id and request.client_id not in scenario.client_by_id
    ):
        return options
    return replace(options, request=replace(request, client_id=new_client_id(scenario)))


def _book_locked(
    options: BookOptions, archive: Archive, lock: NightlyLock, moment: datetime
) -> BookResult:
    folder = options.scenario_folder
    scenario, released = load_live(folder)
    completed = complete_loaded(
        archive, lock, folder, scenario, released, options.exports, options.formats
    )
    spa = spa_name(scenario, folder)
    horizon, published = _published(archive, scenario, spa, released)
    previous = horizon.latest
    start = scenario.settings.start
    at = minutes_at(start, moment.date(), moment.hour * 60 + moment.minute)
    options = _with_client(options, scenario)
    request = replace(options.request, now=format_datetime(start, at))
    result, choose = _result(scenario, published, replace(options, request=request), at)
    sessions, _, _ = plan_with(result, published, choose)
    course = result.course
    booked = tuple(s for s in sessions if s.course_id == course.id)
    target = _booked_scenario(scenario, request, result, booked, at)
    texts = booking_texts(folder, scenario, target)
    old = read_texts(folder, list(texts))
    confirm_lock(lock, archive, spa, horizon)
    check = _StagedCheck(target, sessions)
    replace_files(folder, texts, check)
    assert check.loaded is not None
    loaded = check.loaded
    with _restored_on_failure(folder, old):
        _pause_for_tests()
        run_id = record_booked(archive, loaded, folder, sessions, options.note)
        report = BookResult(
            run_id=run_id,
            previous_run_id=None if previous is None else previous.id,
            course_id=course.id,
            client_id=course.client_id,
            new_client=course.client_id not in scenario.client_by_id,
            option=choose,
            sessions=course.sessions,
            booked=booked,
            complete=len(booked) == course.sessions,
            horizon_start=start,
            booked_at=at,
            exports=options.exports.absolute(),
            reason=result.reason,
            moves=_moves(result, choose, published),
            released=tuple(released),
            completed=completed,
        )
        publish_booked(
            archive, run_id, options.exports, loaded, published, sessions, released,
            options.formats, report.to_dict(),
        )  # fmt: skip
    return report


def book(options: BookOptions, held: NightlyLock | None = None) -> BookResult:
    """Book option ``options.choose`` of the request into the live scenario and publish it.

    The clock is ``options.request.now`` (None: the machine's): nothing is booked before it
    plus ``request.lead_minutes``, and the pins record it as the time of booking. ``held`` is
    the spa's lock when the caller holds it already (a server that queues its writes);
    otherwise it is taken here, waiting up to ``options.lock_wait`` seconds.

    Raises
    ------
    BookFailure
        With exit code 2 (invalid scenario, request, archive or exports folder, or --choose
        beyond the options found), 3 (nothing of the course fits; :class:`OptionTaken` when
        ``options.option`` no longer fits) or 4 (the nightly lock or the exports are held).
        Nothing was written then, or the scenario folder was put back.
    """
    folder = options.scenario_folder
    url = resolve_archive_url(options.archive_url)
    reads = [("the scenario folder", folder), ("the archive", sqlite_file(url))]
    try:
        refuse_overlap(options.exports, reads, option="-o")
    except PublishRefused as error:
        raise BookFailure(exitcodes.INVALID_INPUT, str(error)) from None
    moment = datetime.now().replace(second=0, microsecond=0)
    if options.request.now is not None:
        try:
            moment = datetime.strptime(options.request.now, "%Y-%m-%dT%H:%M")
        except ValueError:
            raise BookFailure(
                exitcodes.INVALID_INPUT,
                f"invalid option --now: expected YYYY-MM-DDTHH:MM, got {options.request.now!r}",
            ) from None
    try:
        # The lock is the spa's, read without loading the scenario: the scenario is read under
        # the lock, so a nightly or another booking published meanwhile is never missed.
        if held is not None:
            with Archive(url) as archive:
                return _book_locked(options, archive, held, moment)
        wait = options.lock_wait
        with spa_lock(url, options.exports, read_spa(folder), wait) as lock, Archive(url) as db:
            return _book_locked(options, db, lock, moment)
    except NightlyLocked as error:
        raise BookFailure(exitcodes.LOCKED, str(error)) from None
    except ArchiveError as error:
        raise BookFailure(exitcodes.INVALID_INPUT, str(error)) from None
    except PublishLocked as error:
        raise BookFailure(exitcodes.LOCKED, str(error)) from None
    except (PublishRefused, NotADirectoryError) as error:
        raise BookFailure(exitcodes.INVALID_INPUT, f"can't write: {error}") from None


__all__ = [
    "BookFailure",
    "BookOptions",
    "BookResult",
    "ChosenSession",
    "Completion",
    "OptionTaken",
    "book",
    "complete_booked",
    "new_client_id",
]
