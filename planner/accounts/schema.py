"""The tables of accounts and the audit trail, kept in the plan archive's database.

They join the archive's declarative base, so :func:`planner.archive.database.create_schema`
adds them to an archive made before they existed (it creates missing tables only).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from planner.archive.schema import Base


class UserRow(Base):
    """One person who may sign in to ``planner serve``.

    ``generation`` grows on every password reset and removal: a session cookie or API token
    names the generation it was issued under and stops working when it changes.
    ``feed_token_hash`` is the SHA-256 of a therapist's private calendar feed token (the token
    itself is shown once and never stored).
    """

    __tablename__ = "users"

    username: Mapped[str] = mapped_column(String(100), primary_key=True)
    role: Mapped[str] = mapped_column(String(20), nullable=False)
    therapist_id: Mapped[str | None] = mapped_column(String(200), nullable=True)
    password_hash: Mapped[str] = mapped_column(Text, nullable=False)
    created_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)
    generation: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    feed_token_hash: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)


class AuditRow(Base):
    """One change made through the web app or ``planner users``: who, when (naive UTC), what."""

    __tablename__ = "audit"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(DateTime, nullable=False, index=True)
    username: Mapped[str] = mapped_column(String(100), nullable=False)
    action: Mapped[str] = mapped_column(String(40), nullable=False)
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False)


class SecretRow(Base):
    """A server secret kept with the accounts (the key that signs session cookies and API
    tokens), so that sign-ins survive a restart of ``planner serve``."""

    __tablename__ = "web_secrets"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(String(200), nullable=False)
