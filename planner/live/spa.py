"""The live spa: the scenario and its published plan, read once and kept while unchanged."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from planner.archive import Archive, ArchiveError, resolve_archive_url, spa_name
from planner.check.pin_check import load_releasing_bookings
from planner.nightly.freeze import in_horizon
from planner.nightly.job import published_horizon
from planner.nightly.lock import NightlyLock, NightlyLocked, spa_lock
from planner.plan.types import PlannedSession
from planner.scenario.bookings import ReleasedBooking
from planner.scenario.errors import Problem, ScenarioError
from planner.scenario.settings import read_spa
from planner.scenario.timeaxis import minutes_at
from planner.scenario.types import Scenario

# A booking that arrives while a re-plan publishes waits this long for the spa's lock.
DEFAULT_LOCK_WAIT_SECONDS = 30.0

Fingerprint = tuple[tuple[str, int, int], ...]


class SpaUnavailable(Exception):
    """The scenario folder can't be loaded or the archive can't be read; ``problems`` holds the
    scenario's errors (file, row, column), empty for an archive error."""

    def __init__(self, message: str, problems: tuple[Problem, ...] = ()) -> None:
        super().__init__(message)
        self.problems = problems


def folder_fingerprint(folder: Path) -> Fingerprint:
    """Name, size and modification time of every file in ``folder``: it changes whenever a
    file is written (the library swaps files in whole, so a new file means a new entry)."""
    entries = []
    for path in sorted(folder.iterdir()):
        if path.is_file():
            stat = path.stat()
            entries.append((path.name, stat.st_size, stat.st_mtime_ns))
    return tuple(entries)


@dataclass(frozen=True)
class SpaSnapshot:
    """The spa as it stands: the scenario (bookings a change made impossible released), the
    published sessions of its days (without the released ones) and the plan's version.

    ``version`` is the id of the newest published run in the archive (0 when none): it grows
    with every publish, so a front end can tell whether the plan changed since it read it.
    ``run_id`` is the newest run that speaks for one of the scenario's days (None: nothing is
    published for these days yet).
    """

    scenario: Scenario
    warnings: tuple[Problem, ...]
    released: tuple[ReleasedBooking, ...]
    spa: str
    sessions: tuple[PlannedSession, ...]
    version: int
    run_id: int | None
    fingerprint: Fingerprint

    @property
    def first_day(self) -> date:
        """The horizon's first day."""
        return self.scenario.settings.start

    @property
    def last_day(self) -> date:
        """The horizon's last day."""
        return self.scenario.settings.last_day

    @property
    def published(self) -> bool:
        """True if a plan was published for at least one of the horizon's days."""
        return self.run_id is not None


class LiveSpa:
    """One spa's scenario folder, archive and exports folder, kept warm between requests.

    Parameters
    ----------
    folder
        The scenario folder (the system of record of courses, clients, shifts, bookings).
    archive_url
        The plan archive (path of an SQLite file or a database URL).
    exports
        The folder plans are published to.
    now
        A fixed clock for the spa (demonstrations and tests); None: the machine's clock.
    lock_wait
        Seconds a write waits for the spa's lock (held by a re-plan that is publishing).
    """

    def __init__(
        self,
        folder: Path | str,
        archive_url: str | Path,
        exports: Path | str,
        *,
        now: datetime | None = None,
        lock_wait: float = DEFAULT_LOCK_WAIT_SECONDS,
    ) -> None:
        self.folder = Path(folder)
        self.archive_url = resolve_archive_url(archive_url)
        self.exports = Path(exports)
        self.fixed_now = now
        self.lock_wait = lock_wait
        self._cache: SpaSnapshot | None = None
        self._cache_lock = threading.Lock()
        # Threads of this process queue here before the spa's lock (a file or database lock that
        # other processes, e.g. a nightly from cron, take too).
        self._write_lock = threading.Lock()

    def now(self) -> datetime:
        """The spa's wall-clock time, to the minute."""
        moment = self.fixed_now or datetime.now()
        return moment.replace(second=0, microsecond=0)

    def now_minute(self, scenario: Scenario) -> int:
        """The spa's clock as a minute of ``scenario``'s time axis."""
        moment = self.now()
        return minutes_at(scenario.settings.start, moment.date(), moment.hour * 60 + moment.minute)

    def version(self) -> int:
        """The newest published run's id (0 when none): see :class:`SpaSnapshot`."""
        try:
            with Archive(self.archive_url) as archive:
                return archive.last_published_id()
        except ArchiveError as error:
            raise SpaUnavailable(str(error)) from None

    def snapshot(self) -> SpaSnapshot:
        """The spa as it stands now, read again only if the folder or the archive changed.

        Raises
        ------
        SpaUnavailable
            If the scenario folder has errors or the archive can't be read.
        """
        fingerprint = folder_fingerprint(self.folder)
        version = self.version()
        with self._cache_lock:
            cached = self._cache
            if cached and cached.fingerprint == fingerprint and cached.version == version:
                return cached
            snapshot = self._read(fingerprint, version)
            self._cache = snapshot
            return snapshot

    def forget(self) -> None:
        """Drop the cached snapshot (after a write by this process)."""
        with self._cache_lock:
            self._cache = None

    def _read(self, fingerprint: Fingerprint, version: int) -> SpaSnapshot:
        today = (self.fixed_now or datetime.now()).date()
        try:
            scenario, warnings, released = load_releasing_bookings(self.folder, today=today)
        except ScenarioError as error:
            errors = tuple(p for p in error.problems if p.severity == "error")
            raise SpaUnavailable(
                f"the scenario {self.folder} can't be loaded: {errors[0] if errors else error}",
                tuple(error.problems),
            ) from None
        spa = spa_name(scenario, self.folder)
        try:
            with Archive(self.archive_url) as archive:
                horizon = published_horizon(archive, spa, scenario)
        except ArchiveError as error:
            raise SpaUnavailable(str(error)) from None
        gone = {(r.course_id, r.session) for r in released}
        start = scenario.settings.start
        sessions = tuple(
            s
            for s in in_horizon(scenario, (a.to_planned(start) for a in horizon.sessions))
            if (s.course_id, s.session) not in gone
        )
        latest = horizon.latest
        return SpaSnapshot(
            scenario=scenario,
            warnings=tuple(warnings),
            released=tuple(released),
            spa=spa,
            sessions=sessions,
            version=version,
            run_id=None if latest is None else latest.id,
            fingerprint=fingerprint,
        )

    @contextmanager
    def writing(self) -> Iterator[NightlyLock]:
        """Hold the spa's publishing lock (waiting up to ``lock_wait`` seconds) for a write.

        Raises
        ------
        NightlyLocked
            If another run held it for longer than ``lock_wait``.
        """
        if not self._write_lock.acquire(timeout=self.lock_wait):
            raise NightlyLocked("another change of this spa is being published; try again")
        try:
            with spa_lock(
                self.archive_url, self.exports, read_spa(self.folder), timeout=self.lock_wait
            ) as lock:
                yield lock
        finally:
            self.forget()
            self._write_lock.release()
