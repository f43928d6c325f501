"""One publishing run per spa at a time: a lock that a second run does not wait for long.

Every command that re-plans a spa and publishes the result (the nightly, a desk booking) holds
:func:`spa_lock` from before it reads the scenario until its plan is published, so two of them
never re-plan from the same published plan. On PostgreSQL the lock is a database advisory lock
tied to the spa (``scenario.toml``'s ``spa``, else its ``name``), so two machines sharing an
archive never re-plan the same spa at once (and different spas don't wait for each other).
Elsewhere it is a lock file: ``<database>.lock`` beside an SQLite archive, which one
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
    """Another run holds the lock of the same archive (or, on PostgreSQL, spa)."""


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
def spa_lock(
    archive_url: str, exports: Path, spa: str, timeout: float = LOCK_TIMEOUT_SECONDS
) -> Iterator[NightlyLock]:
    """Hold the publishing lock of ``spa`` in this archive for the ``with`` block.

    Take it before the scenario is loaded (:func:`planner.scenario.settings.read_spa` names
    the spa cheaply) and keep it until the plan is archived and published.

    Parameters
    ----------
    archive_url
        The plan archive (a path or URL, as for :class:`planner.archive.Archive`).
    exports
        The folder the plan is published to (keys the lock file of non-SQLite, non-PostgreSQL
        archives).
    spa
        The spa's identity (:func:`planner.archive.spa_name`); keys PostgreSQL's lock.
    timeout
        Seconds to wait for another holder before giving up.

    Raises
    ------
    NightlyLocked
        If another run holds it for longer than ``timeout`` seconds.
    planner.archive.ArchiveError
        If the database of a PostgreSQL archive can't be reached.
    """
    path = lock_path(archive_url, exports)
    if path is None:
        advisory = AdvisoryLock(archive_url, "nightly", spa, timeout=timeout)
        try:
            advisory.acquire()
        except LockHeld:
            advisory.release()
            raise NightlyLocked(
                f"another run is re-planning {spa!r} with this archive (its database lock is "
                "held); this run did nothing"
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
            f"another run is re-planning with this archive (lock {path} is held); "
            "this run did nothing"
        ) from None
    try:
        yield
    finally:
        lock.release()


# The name the nightly job used before the lock served every publishing command.
nightly_lock = spa_lock
