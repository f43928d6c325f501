"""The plan archive: every run's scenario fingerprint, settings, score and sessions, in SQL.

Any SQLAlchemy URL works; a bare path means an SQLite file, and PostgreSQL is tested like SQLite
(see :mod:`planner.archive.database`). Runs are only ever added (and marked published), never
changed otherwise, so the archive is the spa's history of plans.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from types import TracebackType
from typing import Any

from sqlalchemy import Engine, func, inspect, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError
from sqlalchemy.orm import Session

from planner.archive.database import (
    create_schema,
    make_engine,
    missing_driver_hint,
    resolve_archive_url,
    sqlite_file,
)
from planner.archive.filing import scenario_counts, scenario_name, settings_json, spa_name
from planner.archive.hashing import scenario_hash
from planner.archive.horizon import PublishedHorizon, run_spa, session_day, speakers
from planner.archive.records import ArchivedSession, RunInfo
from planner.archive.schema import CallRowRecord, RunRow, SessionRow
from planner.plan.csvfiles import session_caution
from planner.plan.notify import CallRow
from planner.plan.result import GIVEN, Result, given_summary
from planner.plan.types import Plan, PlannedSession
from planner.scenario.types import Scenario

KINDS = ("solve", "nightly", "whatif", "import", "book")
# Kinds whose runs count as published unless the caller says otherwise.
_PUBLISHED_KINDS = ("solve", "import")
# Statuses of runs that have a plan; a run without one is never published.
_PLAN_STATUSES = ("optimal", "feasible", GIVEN)


class ArchiveError(Exception):
    """The archive can't be opened or read, or a request names nothing in it."""


def _run_info(row: RunRow) -> RunInfo:
    return RunInfo(
        id=row.id,
        created_at=row.created_at.replace(tzinfo=UTC),
        scenario_name=row.scenario_name,
        scenario_hash=row.scenario_hash,
        status=row.status,
        kind=row.kind,
        published=row.published,
        settings=dict(row.settings),
        summary=dict(row.summary),
        note=row.note,
    )


def _session_rows(scenario: Scenario, sessions: Iterable[PlannedSession]) -> list[SessionRow]:
    rows: dict[tuple[str, int], SessionRow] = {}
    for planned in sorted(sessions, key=Plan.sort_key):
        if (planned.course_id, planned.session) in rows:
            raise ArchiveError(
                f"session {planned.session} of course {planned.course_id} appears twice in "
                "the plan; a plan books each session once"
            )
        archived = ArchivedSession.of(scenario.settings.start, planned)
        rows[(planned.course_id, planned.session)] = SessionRow(
            course_id=archived.course_id,
            session=archived.session,
            client_id=archived.client_id,
            treatment_id=archived.treatment_id,
            therapist_id=archived.therapist_id,
            room_id=archived.room_id,
            start=archived.start,
            end=archived.end,
            caution=session_caution(scenario, planned),
        )
    return list(rows.values())


def _reason(error: Exception) -> str:
    """The database's own message, without SQLAlchemy's SQL echo and help links."""
    original = getattr(error, "orig", None)
    return str(original if original is not None else error).splitlines()[0]


def _published(kind: str, status: str) -> bool:
    return kind in _PUBLISHED_KINDS and status in _PLAN_STATUSES


def _outcome(
    scenario: Scenario, outcome: Result | Plan | Sequence[PlannedSession]
) -> tuple[Sequence[PlannedSession], dict[str, object], str]:
    """The sessions, summary and status a run keeps: a solve's own, or a given plan's score."""
    if isinstance(outcome, Result):
        return outcome.plan.sessions, outcome.summary(), outcome.status.value
    sessions = outcome.sessions if isinstance(outcome, Plan) else tuple(outcome)
    return sessions, given_summary(scenario, sessions), GIVEN


class Archive:
    """A plan archive in the SQL database at ``url``.

    Parameters
    ----------
    url
        A SQLAlchemy URL, or a bare path (an SQLite file).
    create
        Create the database and its tables where missing. With False, an archive that does not
        exist yet is an ``ArchiveError`` (for read-only commands such as ``history``).

    Raises
    ------
    ArchiveError
        If the URL is invalid or the database can't be opened.
    """

    def __init__(self, url: str | Path, *, create: bool = True) -> None:
        self.url = resolve_archive_url(url)
        try:
            database = sqlite_file(self.url)
            if not create and database is not None and not database.is_file():
                raise ArchiveError(f"no plan archive at {database}")
            self._engine: Engine = make_engine(self.url)
            if create:
                create_schema(self._engine)
            elif not inspect(self._engine).has_table(RunRow.__tablename__):
                raise ArchiveError(f"{self._shown_url()} holds no plan archive")
        except ImportError as error:
            shown = self._shown_url()
            hint = missing_driver_hint(self.url, error)
            raise ArchiveError(f"can't open the plan archive {shown}: {hint}") from None
        except (ArgumentError, SQLAlchemyError) as error:
            shown = self._shown_url()
            raise ArchiveError(f"can't open the plan archive {shown}: {_reason(error)}") from None

    def _shown_url(self) -> str:
        # Never print a password that may be part of a database URL.
        try:
            return make_url(self.url).render_as_string(hide_password=True)
        except ArgumentError:
            return repr(self.url)

    def close(self) -> None:
        """Release the database connections."""
        self._engine.dispose()

    def __enter__(self) -> Archive:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    @contextmanager
    def _session(self) -> Iterator[Session]:
        try:
            with Session(self._engine) as session, session.begin():
                yield session
        except SQLAlchemyError as error:
            raise ArchiveError(f"plan archive {self._shown_url()}: {_reason(error)}") from None

    def record(
        self,
        scenario: Scenario,
        scenario_folder: Path | str,
        outcome: Result | Plan | Sequence[PlannedSession],
        kind: str,
        *,
        note: str | None = None,
        published: bool | None = None,
    ) -> int:
        """Archive a run and return its id.

        Parameters
        ----------
        scenario
            The scenario that was planned.
        scenario_folder
            Its folder, fingerprinted with :func:`planner.archive.scenario_hash`.
        outcome
            A solve :class:`Result` (its summary is kept), or a plan or its sessions alone
            (then scored with the contract's score).
        kind
            What made the run: ``solve``, ``nightly``, ``whatif``, ``import`` or ``book``.
        note
            Free text kept with the run.
        published
            Whether the plan went out. None: ``solve`` and ``import`` runs with a plan are
            published;
            ``nightly`` and ``book`` runs are marked with :meth:`mark_published` once their
            exports are in place; ``whatif`` runs never are.
        """
        if kind not in KINDS:
            raise ArchiveError(f"unknown run kind {kind!r}; expected one of {', '.join(KINDS)}")
        sessions, summary, status = _outcome(scenario, outcome)
        run = RunRow(
            created_at=datetime.now(UTC).replace(tzinfo=None),
            scenario_name=scenario_name(scenario, scenario_folder),
            scenario_hash=scenario_hash(scenario_folder),
            settings={
                **settings_json(scenario.settings),
                "spa": spa_name(scenario, scenario_folder),
                "counts": scenario_counts(scenario),
            },
            summary=summary,
            status=status,
            kind=kind,
            published=_published(kind, status) if published is None else published,
            note=note,
            sessions=_session_rows(scenario, sessions),
        )
        with self._session() as session:
            session.add(run)
            session.flush()
            return run.id

    def mark_published(self, run_id: int) -> None:
        """Mark run ``run_id`` as published (its plan went out)."""
        with self._session() as session:
            run = session.get(RunRow, run_id)
            if run is None:
                raise ArchiveError(f"no run {run_id} in the plan archive")
            run.published = True

    def record_calls(self, run_id: int, rows: Sequence[CallRow]) -> None:
        """Keep run ``run_id``'s call list (its rows in order; replaces one kept before)."""
        with self._session() as session:
            if session.get(RunRow, run_id) is None:
                raise ArchiveError(f"no run {run_id} in the plan archive")
            for old in session.scalars(select(CallRowRecord).where(CallRowRecord.run_id == run_id)):
                session.delete(old)
            session.flush()
            session.add_all(
                CallRowRecord(run_id=run_id, position=i, row=row.to_dict())
                for i, row in enumerate(rows)
            )

    def calls(self, run_id: int) -> list[dict[str, Any]]:
        """Run ``run_id``'s call list as kept by :meth:`record_calls` (empty if it has none)."""
        self.run(run_id)  # an unknown run is an error, not an empty list
        if not inspect(self._engine).has_table(CallRowRecord.__tablename__):
            return []  # an archive made before call lists, opened read-only
        query = (
            select(CallRowRecord)
            .where(CallRowRecord.run_id == run_id)
            .order_by(CallRowRecord.position)
        )
        with self._session() as session:
            return [dict(record.row) for record in session.scalars(query)]

    def runs(self, scenario_name: str | None = None) -> list[RunInfo]:
        """Every run, oldest first; only those of ``scenario_name`` if given."""
        query = select(RunRow).order_by(RunRow.id)
        if scenario_name is not None:
            query = query.where(RunRow.scenario_name == scenario_name)
        with self._session() as session:
            return [_run_info(row) for row in session.scalars(query)]

    def run(self, run_id: int) -> RunInfo:
        """Run ``run_id``; an :class:`ArchiveError` if there is none."""
        with self._session() as session:
            row = session.get(RunRow, run_id)
            if row is None:
                raise ArchiveError(f"no run {run_id} in the plan archive")
            return _run_info(row)

    def plan(self, run_id: int) -> list[ArchivedSession]:
        """The sessions of run ``run_id`` in the contract's order (start, then therapist)."""
        self.run(run_id)  # an unknown run is an error, not an empty plan
        query = (
            select(SessionRow)
            .where(SessionRow.run_id == run_id)
            .order_by(
                SessionRow.start, SessionRow.therapist_id, SessionRow.course_id, SessionRow.session
            )
        )
        with self._session() as session:
            return [
                ArchivedSession(
                    course_id=row.course_id,
                    session=row.session,
                    client_id=row.client_id,
                    treatment_id=row.treatment_id,
                    therapist_id=row.therapist_id,
                    room_id=row.room_id,
                    start=row.start,
                    end=row.end,
                    caution=row.caution,
                )
                for row in session.scalars(query)
            ]

    def last_published(self, scenario_name: str) -> RunInfo | None:
        """The newest published run of ``scenario_name``, or None if it has none.

        Not the plan a re-plan starts from: weeks rolled over from one another share a name.
        That is :meth:`published_for`, by spa and days.
        """
        query = (
            select(RunRow)
            .where(RunRow.scenario_name == scenario_name, RunRow.published.is_(True))
            .order_by(RunRow.id.desc())
            .limit(1)
        )
        with self._session() as session:
            row = session.scalars(query).first()
            return None if row is None else _run_info(row)

    def last_published_id(self) -> int:
        """The id of the newest published run of any spa (0 if none): a cheap test of whether
        anything was published since a plan was read."""
        query = select(func.max(RunRow.id)).where(RunRow.published.is_(True))
        with self._session() as session:
            return session.scalar(query) or 0

    def published_for(self, spa: str, first_day: date, last_day: date) -> PublishedHorizon:
        """The published plan in force on ``first_day`` .. ``last_day`` for ``spa``.

        Each day takes the sessions (starting that day) of the newest published run of ``spa``
        whose horizon covers it, whatever that run's scenario was called; sessions on other
        days are left out. See :mod:`planner.archive.horizon`.
        """
        # Ids and settings only: an archive holds years of runs, few of which speak for these days.
        query = select(RunRow.id, RunRow.scenario_name, RunRow.settings).where(
            RunRow.published.is_(True)
        )
        with self._session() as session:
            rows = session.execute(query).all()
        mine = ((r.id, r.settings) for r in rows if run_spa(r.settings, r.scenario_name) == spa)
        chosen = speakers(mine, first_day, last_day)
        ids = sorted(set(chosen.values()))
        sessions = [
            s for run_id in ids for s in self.plan(run_id) if chosen.get(session_day(s)) == run_id
        ]
        return PublishedHorizon(
            first_day=first_day,
            last_day=last_day,
            days=dict(sorted(chosen.items())),
            sessions=tuple(sorted(sessions, key=lambda s: (s.start, s.therapist_id, s.key))),
            runs=tuple(self.run(run_id) for run_id in ids),
        )


def record_result(
    archive_url: str | Path,
    scenario: Scenario,
    scenario_folder: Path | str,
    result: Result,
    kind: str = "solve",
) -> int:
    """Archive a solve's result in the archive at ``archive_url`` (for ``planner solve``).

    Returns
    -------
    int
        The new run's id.

    Raises
    ------
    ArchiveError
        If the archive can't be opened or written.
    """
    with Archive(archive_url) as archive:
        return archive.record(scenario, scenario_folder, result, kind)
