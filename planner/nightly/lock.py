"""One nightly run per spa at a time: a lock that a second run does not wait for.

On PostgreSQL the lock is a database advisory lock tied to the scenario's name, so two machines
sharing an archive never re-plan the same spa at once (and different spas don't wait for each
other). Elsewhere it is a lock file: ``<database>.lock`` beside an SQLite archive, which one
machine uses, or ``<exports>.nightly.lock`` beside the output folder for other databases.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

from planner.archive import is_postgresql, resolve_archive_url, sqlite_file
from planner.archive.locks import AdvisoryLock, LockHeld

# A second run gives up after this long: cron must not pile up waiting jobs.
LOCK_TIMEOUT_SECONDS = 2.0


class NightlyLocked(Exception):
    """Another nightly run holds the lock of the same archive (or, on PostgreSQL, spa)."""


def lock_path(archive_url: str, exports: Path) -> Path | None:
    """The lock file: ``<database>.lock`` beside an SQLite archive, None on PostgreSQL (an
    advisory lock in the database), else ``<exports>.nightly.lock``.

    The exports' lock is apart from the lock that publishing the exports takes, so a nightly
    run never waits for its own publish.
    """
    url = resolve_archive_url(archive_url)
    database = sqlite_file(url)
    if database is not None:
        return database.with_name(database.name + ".lock")
    if is_postgresql(url):
        return None
    target = exports.absolute()
    return target.with_name(target.name + ".nightly.lock")


class NightlyLock:
    """The lock a nightly run holds; :meth:`confirm` before acting on what it read under it."""

    def __init__(self, advisory: AdvisoryLock | None = None) -> None:
        self._advisory = advisory

    def confirm(self) -> bool:
        """True if the lock had been lost (a database server restart) and was taken again.

        A lock file can't be lost while its process lives: always False for one.

        Raises
        ------
        NightlyLocked
            If the lock was lost and another run holds it now.
        """
        if self._advisory is None:
            return False
        try:
            return self._advisory.ensure()
        except LockHeld:
            raise NightlyLocked(
                "the archive's database server restarted during this run and another nightly "
                "run of the same spa holds its lock now; this run published nothing"
            ) from None


@contextmanager
def nightly_lock(
    archive_url: str, exports: Path, scenario_name: str, timeout: float = LOCK_TIMEOUT_SECONDS
) -> Iterator[NightlyLock]:
    """Hold the nightly lock of ``scenario_name`` in this archive for the ``with`` block.

    Raises
    ------
    NightlyLocked
        If another run holds it for longer than ``timeout`` seconds.
    planner.archive.ArchiveError
        If the database of a PostgreSQL archive can't be reached.
    """
    path = lock_path(archive_url, exports)
    if path is None:
        advisory = AdvisoryLock(archive_url, "nightly", scenario_name, timeout=timeout)
        try:
            advisory.acquire()
        except LockHeld:
            advisory.release()
            raise NightlyLocked(
                f"another nightly run is re-planning {scenario_name!r} with this archive (its "
                "database lock is held); this run did nothing"
            ) from None
        except BaseException:
            advisory.release()
            raise
        try:
            yield NightlyLock(advisory)
        finally:
            advisory.release()
        return
    with _file_lock(path, timeout):
        yield NightlyLock()


@contextmanager
def _file_lock(path: Path, timeout: float) -> Iterator[None]:
    path.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(path), timeout=timeout)
    try:
        lock.acquire()
    except Timeout:
        raise NightlyLocked(
            f"another nightly run is working on this archive (lock {path} is held); "
            "this run did nothing"
        ) from None
    try:
        yield
    finally:
        lock.release()
