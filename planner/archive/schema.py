"""The archive's tables (SQLAlchemy 2.0 declarative mapping), portable to any SQL database."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    """Declarative base of the archive's tables."""


class RunRow(Base):
    """One archived run: which scenario was planned, how, and how well.

    ``created_at`` is stored as naive UTC: SQLite keeps no time zone, and every database then
    compares and sorts the same way.
    """

    __tablename__ = "runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)
    scenario_name: Mapped[str] = mapped_column(String(200), index=True, nullable=False)
    scenario_hash: Mapped[str] = mapped_column(String(64), nullable=False)
    settings: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False)
    summary: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False)
    status: Mapped[str] = mapped_column(String(20), nullable=False)
    kind: Mapped[str] = mapped_column(String(20), nullable=False)
    # A run is published once its plan went out (exports written, staff told); what-if runs
    # never are. Re-plans start from published runs only (Archive.published_for: by spa and days).
    published: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    note: Mapped[str | None] = mapped_column(Text, nullable=True)

    sessions: Mapped[list[SessionRow]] = relationship(
        back_populates="run", cascade="all, delete-orphan", order_by="SessionRow.start"
    )


class SessionRow(Base):
    """One scheduled session of an archived run, times as the contract's date-time strings."""

    __tablename__ = "run_sessions"

    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"), primary_key=True)
    course_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    session: Mapped[int] = mapped_column(Integer, primary_key=True)
    client_id: Mapped[str] = mapped_column(String(200), nullable=False)
    treatment_id: Mapped[str] = mapped_column(String(200), nullable=False)
    therapist_id: Mapped[str] = mapped_column(String(200), nullable=False)
    room_id: Mapped[str] = mapped_column(String(200), nullable=False)
    start: Mapped[str] = mapped_column(String(16), nullable=False)
    end: Mapped[str] = mapped_column(String(16), nullable=False)
    caution: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)

    run: Mapped[RunRow] = relationship(back_populates="sessions")


class CallRowRecord(Base):
    """One row of a run's call list (:mod:`planner.plan.notify`), as its JSON form.

    A table of its own, so archives made before call lists existed gain it without a change to
    their other tables. It holds clients' names and phones: the archive is the manager's.
    """

    __tablename__ = "run_calls"

    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    row: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False)
