"""One nightly run per archive at a time: a lock file that a second run does not wait for."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

from planner.archive import sqlite_file

# A second run gives up after this long: cron must not pile up waiting jobs.
LOCK_TIMEOUT_SECONDS = 2.0


class NightlyLocked(Exception):
    """Another nightly run holds the lock of the same archive."""


def lock_path(archive_url: str, exports: Path) -> Path:
    """The lock file: ``<database>.lock`` beside an SQLite archive, else beside the exports.

    The exports' lock is ``<exports>.nightly.lock``, apart from the lock that publishing the
    exports takes, so a nightly run never waits for its own publish.
    """
    database = sqlite_file(archive_url)
    if database is not None:
        return database.with_name(database.name + ".lock")
    target = exports.absolute()
    return target.with_name(target.name + ".nightly.lock")


@contextmanager
def nightly_lock(path: Path, timeout: float = LOCK_TIMEOUT_SECONDS) -> Iterator[None]:
    """Hold the lock file ``path`` for the ``with`` block.

    Raises
    ------
    NightlyLocked
        If another process holds it for longer than ``timeout`` seconds.
    """
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
