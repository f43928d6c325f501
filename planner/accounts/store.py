"""The account store: add, list, remove, reset, sign in, feed tokens and the audit trail."""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Engine, delete, func, select
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session

from planner.accounts.schema import AuditRow, SecretRow, UserRow
from planner.archive.database import create_schema, make_engine, resolve_archive_url

ROLES = ("manager", "desk", "therapist")
MIN_PASSWORD_LENGTH = 8
_USERNAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,99}$")
# Argon2id with the library's defaults (RFC 9106's low-memory profile): about 50 ms a check.
_HASHER = PasswordHasher()
# Compared against when the user does not exist, so that a wrong name takes as long as a
# wrong password (no way to learn which names exist from the time a sign-in takes).
_DUMMY_HASH = _HASHER.hash("not a password of anyone")


class AccountError(Exception):
    """An account change that can't be made (unknown user, taken name, weak password, ...)."""


@dataclass(frozen=True)
class User:
    """A person who may sign in; ``therapist_id`` is set for the role ``therapist`` only."""

    username: str
    role: str
    therapist_id: str | None
    generation: int
    created_at: datetime
    has_feed: bool = False


@dataclass(frozen=True)
class AuditEntry:
    """One line of the audit trail."""

    id: int
    at: datetime
    username: str
    action: str
    detail: dict[str, Any]


def check_username(name: str) -> str:
    """``name`` if it is a valid user name (letters, digits, ``._@-``, at most 100)."""
    if not _USERNAME.match(name):
        raise AccountError(
            f"invalid user name {name!r}: use letters, digits and . _ @ - (at most 100), "
            "starting with a letter or digit"
        )
    return name


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"the password must have at least {MIN_PASSWORD_LENGTH} characters")


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _user(row: UserRow) -> User:
    return User(
        row.username,
        row.role,
        row.therapist_id,
        row.generation,
        row.created_at,
        row.feed_token_hash is not None,
    )


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class Accounts:
    """The accounts and audit trail of the archive at ``url`` (a path or database URL)."""

    def __init__(self, url: str | Path) -> None:
        self.url = resolve_archive_url(url)
        self._engine: Engine = make_engine(self.url)
        try:
            create_schema(self._engine)
        except SQLAlchemyError as error:
            # Not a database, or one this user can't write: said as an input error, no trace.
            self._engine.dispose()
            cause = getattr(error, "orig", None) or error
            raise AccountError(f"the archive can't be opened: {cause}") from None

    def close(self) -> None:
        """Close the database connections."""
        self._engine.dispose()

    def __enter__(self) -> Accounts:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _session(self) -> Iterator[Session]:
        with Session(self._engine) as session, session.begin():
            yield session

    def add(
        self,
        username: str,
        role: str,
        password: str,
        therapist_id: str | None = None,
        *,
        by: str = "planner users",
    ) -> User:
        """Create an account (and audit it as done ``by``).

        Raises
        ------
        AccountError
            For an invalid or taken name, an unknown role, a short password, or a therapist
            account without a therapist id (or another role with one).
        """
        check_username(username)
        if role not in ROLES:
            raise AccountError(f"unknown role {role!r}: expected one of {', '.join(ROLES)}")
        if (role == "therapist") != (therapist_id is not None):
            raise AccountError(
                "a therapist account needs --therapist ID"
                if role == "therapist"
                else f"--therapist is for therapist accounts, not {role}"
            )
        _check_password(password)
        row = UserRow(
            username=username,
            role=role,
            therapist_id=therapist_id,
            password_hash=_HASHER.hash(password),
            created_at=_now(),
            generation=1,
        )
        try:
            with self._session() as session:
                session.add(row)
                session.flush()
                user = _user(row)
                session.add(self._audit_row(by, "user added", {"user": username, "role": role}))
        except IntegrityError:
            raise AccountError(f"the user {username!r} exists already") from None
        return user

    def users(self) -> list[User]:
        """Every account, by name."""
        with self._session() as session:
            rows = session.scalars(select(UserRow).order_by(UserRow.username))
            return [_user(r) for r in rows]

    def count(self) -> int:
        """How many accounts exist."""
        with self._session() as session:
            return session.scalar(select(func.count()).select_from(UserRow)) or 0

    def get(self, username: str) -> User | None:
        """The account ``username``, or None."""
        with self._session() as session:
            row = session.get(UserRow, username)
            return None if row is None else _user(row)

    def remove(self, username: str, *, by: str = "planner users") -> None:
        """Delete an account: its sessions, tokens and feed stop working at once."""
        with self._session() as session:
            row = session.get(UserRow, username)
            if row is None:
                raise AccountError(f"no user {username!r}")
            session.delete(row)
            session.add(self._audit_row(by, "user removed", {"user": username}))

    def reset(self, username: str, password: str, *, by: str = "planner users") -> User:
        """Set a new password; every session and API token of the user ends."""
        _check_password(password)
        with self._session() as session:
            row = session.get(UserRow, username)
            if row is None:
                raise AccountError(f"no user {username!r}")
            row.password_hash = _HASHER.hash(password)
            row.generation += 1
            session.add(self._audit_row(by, "password reset", {"user": username}))
            session.flush()
            return _user(row)

    def verify(self, username: str, password: str) -> User | None:
        """The user if ``password`` is theirs, else None (same work either way)."""
        with self._session() as session:
            row = session.get(UserRow, username)
            stored = row.password_hash if row is not None else _DUMMY_HASH
            try:
                _HASHER.verify(stored, password)
            except (VerificationError, InvalidHashError):
                return None
            if row is None:
                return None
            if _HASHER.check_needs_rehash(stored):
                row.password_hash = _HASHER.hash(password)
            return _user(row)

    def new_feed_token(self, username: str, *, by: str) -> str:
        """A new private calendar feed token for ``username`` (the old one stops working)."""
        token = secrets.token_urlsafe(32)
        with self._session() as session:
            row = session.get(UserRow, username)
            if row is None:
                raise AccountError(f"no user {username!r}")
            row.feed_token_hash = _token_hash(token)
            session.add(self._audit_row(by, "feed token issued", {"user": username}))
        return token

    def revoke_feed(self, username: str, *, by: str) -> None:
        """End ``username``'s calendar feed."""
        with self._session() as session:
            row = session.get(UserRow, username)
            if row is None:
                raise AccountError(f"no user {username!r}")
            row.feed_token_hash = None
            session.add(self._audit_row(by, "feed token revoked", {"user": username}))

    def feed_user(self, token: str) -> User | None:
        """The user whose feed token is ``token``, or None."""
        if not token:
            return None
        with self._session() as session:
            row = session.scalars(
                select(UserRow).where(UserRow.feed_token_hash == _token_hash(token))
            ).first()
            return None if row is None else _user(row)

    @staticmethod
    def _audit_row(username: str, action: str, detail: dict[str, Any]) -> AuditRow:
        return AuditRow(at=_now(), username=username, action=action, detail=detail)

    def audit(self, username: str, action: str, detail: dict[str, Any] | None = None) -> None:
        """Record a change: ``username`` did ``action`` (ids and counts only, no health data)."""
        try:
            with self._session() as session:
                session.add(self._audit_row(username, action, detail or {}))
        except SQLAlchemyError as error:
            raise AccountError(f"the audit trail can't be written: {error}") from None

    def audit_trail(self, limit: int = 200, actions: Sequence[str] = ()) -> list[AuditEntry]:
        """The latest ``limit`` entries, newest first (only ``actions`` if given)."""
        with self._session() as session:
            query = select(AuditRow).order_by(AuditRow.id.desc()).limit(limit)
            if actions:
                query = query.where(AuditRow.action.in_(actions))
            return [
                AuditEntry(r.id, r.at, r.username, r.action, dict(r.detail))
                for r in session.scalars(query)
            ]

    def secret(self, name: str = "session") -> str:
        """The server secret ``name``, made on first use and kept in the database."""
        with self._session() as session:
            row = session.get(SecretRow, name)
            if row is not None:
                return row.value
        try:
            with self._session() as session:
                session.add(SecretRow(name=name, value=secrets.token_urlsafe(48)))
        except IntegrityError:
            pass  # another server process made it first: take theirs
        with self._session() as session:
            found = session.get(SecretRow, name)
            assert found is not None
            return found.value

    def clear(self) -> None:
        """Remove every account (tests and a fresh start); the audit trail stays."""
        with self._session() as session:
            session.execute(delete(UserRow))
