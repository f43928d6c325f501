"""Where the archive lives: URLs, engines and the creation of its tables, on SQLite or PostgreSQL.

A bare path is an SQLite file. A PostgreSQL URL without a driver (``postgresql://...``, or the
``postgres://...`` that hosting services hand out) is read as ``postgresql+psycopg://...``:
psycopg 3 is the driver the ``planner[postgres]`` extra installs, whatever SQLAlchemy's own
default is in the installed version.
"""

from __future__ import annotations

import hashlib
import time
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, func, inspect, select
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import SQLAlchemyError

from planner.archive.schema import Base

POSTGRES_DRIVER = "postgresql+psycopg"
POSTGRES_EXTRA = "pip install 'planner[postgres]'"
# Seconds a connection attempt to a database server may take before the command gives up.
CONNECT_TIMEOUT_SECONDS = 10
# Tries at creating the tables where two first runs race on a database without advisory locks.
_CREATE_TRIES = 3


def resolve_archive_url(text: str | Path) -> str:
    """The SQLAlchemy URL for ``text``: a bare path as an SQLite file, PostgreSQL with psycopg 3.

    Examples
    --------
    >>> resolve_archive_url("postgresql://planner@db:5432/plans")
    'postgresql+psycopg://planner@db:5432/plans'
    """
    raw = str(text)
    if "://" not in raw:
        return f"sqlite:///{Path(raw).expanduser().resolve()}"
    scheme, rest = raw.split("://", 1)
    if scheme in ("postgresql", "postgres"):
        return f"{POSTGRES_DRIVER}://{rest}"
    return raw


def sqlite_file(url: str) -> Path | None:
    """The database file of an SQLite ``url``; None for other databases and in-memory ones."""
    parsed = make_url(url)
    if not parsed.drivername.startswith("sqlite"):
        return None
    if parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


def is_postgresql(url: str) -> bool:
    """True when ``url`` names a PostgreSQL database (any driver)."""
    return make_url(resolve_archive_url(url)).get_backend_name() == "postgresql"


def missing_driver_hint(url: str, error: ImportError) -> str:
    """What to install when the database driver of ``url`` can't be imported."""
    if is_postgresql(url):
        return f"the PostgreSQL driver is not installed ({error}); install it with {POSTGRES_EXTRA}"
    return f"the database driver is not installed ({error})"


def make_engine(url: str, **options: Any) -> Engine:
    """An engine for ``url`` that survives a restart of the database server.

    ``pool_pre_ping`` tests a pooled connection before it is used and replaces it if the server
    dropped it: a nightly run that holds an archive open through a long solve must not fail on
    a connection that a server restart has closed meanwhile.
    """
    connect_args: dict[str, Any] = {}
    if is_postgresql(url):
        connect_args["connect_timeout"] = CONNECT_TIMEOUT_SECONDS
    return create_engine(url, pool_pre_ping=True, connect_args=connect_args, **options)


def lock_key(*parts: str) -> int:
    """A PostgreSQL advisory lock key (a signed 64-bit number) for ``parts``.

    Derived from SHA-256, so every machine computes the same key for the same name, and keys of
    other applications sharing the database are practically never hit.
    """
    digest = hashlib.sha256("\0".join(("planner", *parts)).encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


def _tables_missing(engine: Engine) -> bool:
    existing = set(inspect(engine).get_table_names())
    return not set(Base.metadata.tables) <= existing


def _create_on_postgresql(connection: Connection) -> None:
    # Two first runs may race. The transaction-level advisory lock makes the second wait until
    # the first committed its tables (PostgreSQL's DDL is transactional); it then finds them.
    connection.execute(select(func.pg_advisory_xact_lock(lock_key("archive schema"))))
    Base.metadata.create_all(connection)


def create_schema(engine: Engine) -> None:
    """Create the archive's tables where they are missing, safely when two first runs race."""
    if not _tables_missing(engine):
        return
    if engine.dialect.name == "postgresql":
        with engine.begin() as connection:
            _create_on_postgresql(connection)
        return
    # Elsewhere (SQLite) a racing run may create a table between the check and the CREATE:
    # try again, and the check then finds it.
    for attempt in range(1, _CREATE_TRIES + 1):
        try:
            Base.metadata.create_all(engine)
            return
        except SQLAlchemyError:
            if not _tables_missing(engine):
                return  # the racing run created them
            if attempt == _CREATE_TRIES:
                raise
            time.sleep(0.05 * attempt)
