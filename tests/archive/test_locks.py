"""PostgreSQL advisory locks: one holder at a time per name, given back on release, taken again
after a lost connection. The cases need a PostgreSQL server (``postgres_url`` skips, saying why,
when PLANNER_TEST_POSTGRES_URL is unset; CI sets it)."""

from __future__ import annotations

import pytest

from planner.archive import resolve_archive_url
from planner.archive.locks import AdvisoryLock, LockHeld
from planner.archive.store import ArchiveError


def test_a_held_lock_is_refused_to_another_session_until_released(postgres_url):
    first = AdvisoryLock(postgres_url, "nightly", "Spa A", timeout=0.0)
    first.acquire()
    try:
        with pytest.raises(LockHeld), AdvisoryLock(postgres_url, "nightly", "Spa A", timeout=0.0):
            pass
    finally:
        first.release()
    with AdvisoryLock(postgres_url, "nightly", "Spa A", timeout=0.0) as again:
        assert again.ensure() is False


def test_other_names_are_other_locks(postgres_url):
    with AdvisoryLock(postgres_url, "nightly", "Spa A", timeout=0.0) as a:
        with AdvisoryLock(postgres_url, "nightly", "Spa B", timeout=0.0) as b:
            assert a.key != b.key
        assert AdvisoryLock(postgres_url, "nightly", "Spa A", timeout=0.0).key == a.key


def end_other_connections(url: str) -> None:
    """End every connection to the database of ``url`` but the one doing it."""
    from sqlalchemy import create_engine, text

    engine = create_engine(resolve_archive_url(url), isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            connection.execute(
                text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
            )
    finally:
        engine.dispose()


def test_ensure_takes_a_lost_lock_again(postgres_url):
    with AdvisoryLock(postgres_url, "nightly", "Spa A", timeout=0.0) as lock:
        assert lock.ensure() is False
        # The server ends the connection that held the lock (as when it restarts).
        end_other_connections(postgres_url)
        assert lock.ensure() is True
        with pytest.raises(LockHeld):
            AdvisoryLock(postgres_url, "nightly", "Spa A", timeout=0.0).acquire()


def test_an_unreachable_database_is_an_archive_error():
    pytest.importorskip("psycopg", reason="psycopg is not installed (pip install -e '.[dev]')")
    # Port 1 on this machine: nothing listens there.
    lock = AdvisoryLock("postgresql://planner@127.0.0.1:1/plans", "nightly", "x", timeout=0.0)
    try:
        with pytest.raises(ArchiveError, match="can't reach the archive's database"):
            lock.acquire()
    finally:
        lock.release()
