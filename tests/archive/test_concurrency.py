"""The archive shared by several runs: first runs that race to create it, a database server
restarted between (and during) runs, and advisory locks across connections."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import inspect

from planner.archive import Archive
from planner.archive.database import make_engine
from planner.archive.locks import AdvisoryLock, LockHeld
from planner.plan import Plan
from planner.scenario.types import Scenario

RACERS = 6


def test_first_runs_that_race_all_create_and_use_the_archive(
    archive_url: str, scenario_folder: Path, scenario: Scenario
) -> None:
    # Each racer has its own engine and connections, as separate processes would; threads
    # only make them start at the same moment without waiting for interpreters to load.
    start = threading.Barrier(RACERS)
    ids: list[int] = []
    errors: list[BaseException] = []

    def first_run() -> None:
        try:
            start.wait(60)
            with Archive(archive_url) as archive:
                ids.append(archive.record(scenario, scenario_folder, Plan(()), "import"))
        except BaseException as error:
            errors.append(error)

    racers = [threading.Thread(target=first_run) for _ in range(RACERS)]
    for racer in racers:
        racer.start()
    for racer in racers:
        racer.join(120)
    assert errors == []
    assert sorted(ids) == list(range(1, RACERS + 1))
    with Archive(archive_url, create=False) as archive:
        assert len(archive.runs()) == RACERS


def test_the_archive_keeps_working_after_a_server_restart(
    postgres_url: str,
    restart_postgres: Callable[[], None],
    scenario_folder: Path,
    scenario: Scenario,
    small_plan: Plan,
) -> None:
    with Archive(postgres_url) as archive:
        first = archive.record(scenario, scenario_folder, small_plan, "import")
        restart_postgres()
        # The same archive object: its pooled connection died with the restart.
        second = archive.record(scenario, scenario_folder, small_plan, "import")
        assert [r.id for r in archive.runs()] == [first, second]
    restart_postgres()
    with Archive(postgres_url, create=False) as archive:  # a later run
        assert len(archive.plan(second)) == len(small_plan.sessions)
        found = archive.last_published("tiny")
        assert found is not None and found.id == second


def test_an_advisory_lock_is_held_once_per_name_across_connections(postgres_url: str) -> None:
    with AdvisoryLock(postgres_url, "nightly", "Spa A", timeout=1.0):
        other = AdvisoryLock(postgres_url, "nightly", "Spa A", timeout=0.5)
        started = time.monotonic()
        with pytest.raises(LockHeld):
            other.acquire()
        assert time.monotonic() - started >= 0.5  # it kept trying for its timeout
        other.release()
        with AdvisoryLock(postgres_url, "nightly", "Spa B", timeout=0.5):
            pass  # another spa's lock is free
    with AdvisoryLock(postgres_url, "nightly", "Spa A", timeout=0.5):
        pass  # released on leaving the block


def test_a_lock_lost_in_a_server_restart_is_taken_again(
    postgres_url: str, restart_postgres: Callable[[], None]
) -> None:
    lock = AdvisoryLock(postgres_url, "nightly", "Spa A", timeout=5.0)
    with lock:
        assert lock.ensure() is False  # still held: nothing to do
        restart_postgres()
        assert lock.ensure() is True
        with pytest.raises(LockHeld):
            AdvisoryLock(postgres_url, "nightly", "Spa A", timeout=0.2).acquire()


def test_a_lock_lost_and_taken_by_another_session_is_refused(
    postgres_url: str, restart_postgres: Callable[[], None]
) -> None:
    lock = AdvisoryLock(postgres_url, "nightly", "Spa A", timeout=0.3)
    with lock:
        restart_postgres()
        with AdvisoryLock(postgres_url, "nightly", "Spa A", timeout=5.0), pytest.raises(LockHeld):
            lock.ensure()


def test_the_tables_are_created_once(postgres_url: str) -> None:
    with Archive(postgres_url):
        pass
    engine = make_engine(postgres_url)
    try:
        assert {"runs", "run_sessions"} <= set(inspect(engine).get_table_names())
    finally:
        engine.dispose()
