"""Nightly runs that share a PostgreSQL archive, as two machines would: the lock is the spa's,
held in the database, and the archive outlives a restart of its server."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from planner import exitcodes
from planner.archive import Archive
from planner.nightly import LOCK_TIMEOUT_SECONDS, NightlyFailure, spa_lock
from planner.nightly.job import confirm_lock, published_horizon
from planner.plan import Plan
from planner.scenario import load_scenario

# Generous bounds for a loaded 2-core machine: starting a run, loading the solver.
START_WITHIN = 120.0
# A locked run gives up after LOCK_TIMEOUT_SECONDS; with its start-up it still ends well within.
LOCKED_RUN_WITHIN = 60.0


def _nightly(*args: str | Path) -> list[str]:
    return [sys.executable, "-m", "planner", "nightly", *map(str, args)]


def _wait_for_line(log: Path, line: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + START_WITHIN
    while time.monotonic() < deadline:
        assert process.poll() is None, process.communicate()[1].decode(errors="replace")
        if log.is_file() and line in log.read_text(encoding="utf-8"):
            return
        time.sleep(0.1)
    pytest.fail(f"{line!r} never appeared in {log}")


@pytest.mark.slow
def test_a_second_machine_gives_up_on_the_same_spa_and_exits_4(
    long_spa: Path, spa_week: Path, postgres_url: str, tmp_path: Path, searching
) -> None:
    common = ["--archive", postgres_url, "--now", "2026-12-07T07:00", "--formats", "csv"]
    long = ["--time-limit", "300"]
    log = tmp_path / "first.log"
    first = subprocess.Popen(
        _nightly(long_spa, *common, *long, "-o", tmp_path / "first", "--log-file", log),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        _wait_for_line(log, "holding the nightly lock", first)
        # The same spa from another "machine": its own exports and log, the same database.
        started = time.monotonic()
        second = subprocess.run(
            _nightly(long_spa, *common, "-o", tmp_path / "second", "--time-limit", "3"),
            capture_output=True,
            text=True,
            timeout=LOCKED_RUN_WITHIN,
            check=False,
        )
        took = time.monotonic() - started
        # Another spa in the same archive is not held up.
        other = subprocess.run(
            _nightly(spa_week, *common, "-o", tmp_path / "other", "--time-limit", "3"),
            capture_output=True,
            text=True,
            timeout=START_WITHIN,
            check=False,
        )
        searching(first)  # so that the stop below finds a plan to publish
    finally:
        first.send_signal(signal.SIGTERM)  # ends the search; the best plan is published
        _, first_err = first.communicate(timeout=START_WITHIN)

    assert second.returncode == exitcodes.LOCKED, second.stderr
    assert "another run is re-planning" in second.stderr
    assert "database lock is held" in second.stderr
    assert took >= LOCK_TIMEOUT_SECONDS  # it tried for its timeout, then gave up
    assert not (tmp_path / "second").exists()
    assert other.returncode == 0, other.stderr
    assert first.returncode == 0, first_err.decode(errors="replace")
    with Archive(postgres_url) as archive:
        kinds = [(r.scenario_name == "Spa Podil nightly", r.published) for r in archive.runs()]
    assert sorted(kinds) == [(False, True), (True, True)]


@pytest.mark.parametrize("archive_url", ["postgresql"], indirect=True)
def test_nightly_runs_go_on_after_the_database_server_restarted(
    spa_week: Path, add_course, nightly, restart_postgres: Callable[[], None]
) -> None:
    first = nightly(spa_week, "2026-12-07T07:00", "--formats", "csv")
    assert first.exit_code == 0, first.output
    restart_postgres()
    add_course(spa_week)
    second = nightly(spa_week, "2026-12-08T12:00", "--formats", "csv")
    assert second.exit_code == 0, second.output
    assert "previous published plan: run 1" in second.output


def test_a_run_that_lost_its_lock_publishes_nothing_if_another_run_published(
    postgres_url: str,
    restart_postgres: Callable[[], None],
    tmp_path: Path,
    spa_week: Path,
) -> None:
    scenario, _ = load_scenario(spa_week)
    name = scenario.settings.name
    with (
        spa_lock(postgres_url, tmp_path / "exports", name) as lock,
        Archive(postgres_url) as archive,
    ):
        previous = published_horizon(archive, name, scenario)
        confirm_lock(lock, archive, name, previous)  # held, nothing changed: goes on
        restart_postgres()
        # While the lock was lost, another machine published a plan of the same spa.
        with spa_lock(postgres_url, tmp_path / "other", name):
            archive.record(scenario, spa_week, Plan(()), "import")
        with pytest.raises(NightlyFailure) as failure:
            confirm_lock(lock, archive, name, previous)
    assert failure.value.exit_code == exitcodes.LOCKED
    assert "published a plan while" in str(failure.value)
