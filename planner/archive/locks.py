"""PostgreSQL advisory locks: one holder at a time across every machine that shares a database.

A session-level advisory lock lives as long as the connection that took it, so the lock keeps
its own connection (never pooled, in autocommit so that no transaction stays open through a long
solve) and is released when that connection closes, also when its process dies. A restart of the
database server ends the connection and so the lock: :meth:`AdvisoryLock.ensure` notices and
takes it again (or says that another run has it now).
"""

from __future__ import annotations

import contextlib
import time
from types import TracebackType

from sqlalchemy import Engine, func, select
from sqlalchemy.engine import Connection
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.pool import NullPool

from planner.archive.database import lock_key, make_engine, resolve_archive_url
from planner.archive.store import ArchiveError

# Seconds between two tries of a lock that another session holds.
POLL_SECONDS = 0.1


class LockHeld(Exception):
    """Another session holds the advisory lock."""


class AdvisoryLock:
    """The advisory lock named by ``names`` in the PostgreSQL database at ``url``.

    Parameters
    ----------
    url
        A PostgreSQL URL (as for :class:`planner.archive.Archive`).
    names
        What the lock is about, e.g. ``("nightly", scenario_name)``; the same names give the
        same lock on every machine (:func:`planner.archive.database.lock_key`).
    timeout
        Seconds :meth:`acquire` keeps trying while another session holds the lock.

    Raises
    ------
    ArchiveError
        If the database can't be reached.
    """

    def __init__(self, url: str, *names: str, timeout: float) -> None:
        self.key = lock_key(*names)
        self.timeout = timeout
        self._engine: Engine = make_engine(resolve_archive_url(url), poolclass=NullPool)
        self._connection: Connection | None = None

    def acquire(self) -> None:
        """Take the lock, trying for up to ``timeout`` seconds.

        Raises
        ------
        LockHeld
            If another session still holds it after ``timeout`` seconds.
        ArchiveError
            If the database can't be reached.
        """
        deadline = time.monotonic() + self.timeout
        connection = self._connect()
        try:
            while not connection.execute(select(func.pg_try_advisory_lock(self.key))).scalar():
                if time.monotonic() >= deadline:
                    raise LockHeld(f"advisory lock {self.key} is held by another session")
                time.sleep(POLL_SECONDS)
        except BaseException:
            connection.close()
            raise
        self._connection = connection

    def _connect(self) -> Connection:
        try:
            return self._engine.connect().execution_options(isolation_level="AUTOCOMMIT")
        except SQLAlchemyError as error:
            reason = str(getattr(error, "orig", None) or error).splitlines()[0]
            message = f"can't reach the archive's database for its lock: {reason}"
            raise ArchiveError(message) from None

    def _alive(self) -> bool:
        if self._connection is None:
            return False
        try:
            self._connection.execute(select(1))
        except SQLAlchemyError:
            return False
        return True

    def ensure(self) -> bool:
        """Make sure the lock is still held; True if it had been lost and was taken again.

        Raises
        ------
        LockHeld
            If the lock was lost (the server restarted) and another session holds it now.
        """
        if self._alive():
            return False
        self._drop_connection()
        self.acquire()
        return True

    def release(self) -> None:
        """Give the lock back (closing its connection does) and release the engine."""
        self._drop_connection()
        self._engine.dispose()

    def _drop_connection(self) -> None:
        if self._connection is not None:
            # A connection the server already closed: the lock went with it.
            with contextlib.suppress(SQLAlchemyError):
                self._connection.close()
            self._connection = None

    def __enter__(self) -> AdvisoryLock:
        self.acquire()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.release()
