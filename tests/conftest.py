"""Shared fixtures: tiny hand-made scenario folders written from CSV text."""

from __future__ import annotations

import os
import subprocess
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from textwrap import dedent

import pytest

from tests.isolated.helpers import SEARCHING, alive, parent_of

# The final check of every solve repairs a plan that breaks a hard rule (a solver defect) rather
# than publish it. In the tests such a repair is an error, also in the commands run as child
# processes, so that the safety net never hides a bug. Tests of the net itself unset it.
os.environ["PLANNER_FAIL_ON_REPAIR"] = "1"

# A two-day spa with one therapist, one room and one single-session course. Tests override or
# add files to build the case they need; every value here is the contract's plain form.
BASE_FILES: dict[str, str] = {
    "scenario.toml": """
        name = "tiny"
        start = 2026-12-07
        days = 2
    """,
    "therapists.csv": """
        therapist_id,name,specialties
        t1,Olena,relaxing;lymphatic
    """,
    "shifts.csv": """
        therapist_id,date,start,end
        t1,2026-12-07,09:00,17:00
        t1,2026-12-08,09:00,17:00
    """,
    "rooms.csv": """
        room_id,name,equipment
        r1,Room 1,table
    """,
    "treatments.csv": """
        treatment_id,name,specialty,duration_min,equipment,intensity,min_gap_hours
        relax,Relaxing massage,relaxing,60,table,gentle,24
    """,
    "clients.csv": """
        client_id,name
        c1,Anna
    """,
    "courses.csv": """
        course_id,client_id,treatment_id,sessions
        co1,c1,relax,1
    """,
}

ScenarioFactory = Callable[..., Path]


def write_scenario(folder: Path, files: dict[str, str | None]) -> Path:
    """Write ``BASE_FILES`` updated by ``files`` (None removes a file) into ``folder``."""
    merged: dict[str, str | None] = {**BASE_FILES, **files}
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in merged.items():
        if text is not None:
            (folder / name).write_text(dedent(text).strip() + "\n", encoding="utf-8")
    return folder


@pytest.fixture
def make_scenario(tmp_path: Path) -> ScenarioFactory:
    """Factory: ``make_scenario(**{"courses.csv": "...", "pinned.csv": "..."})`` -> folder."""
    counter = iter(range(1000))

    def factory(files: dict[str, str | None] | None = None, **named: str | None) -> Path:
        return write_scenario(tmp_path / f"scenario{next(counter)}", {**(files or {}), **named})

    return factory


@pytest.fixture(autouse=True, scope="session")
def unhurried() -> Iterator[None]:
    """In deterministic mode the wall clock ends a search only after many times its limit, so
    that a loaded test machine never cuts a search the work budget would have let finish.
    Session-wide, so that module-scoped fixtures that solve are covered too."""
    import planner.model.search.budget

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(planner.model.search.budget, "SAFETY_FACTOR", 50.0)
        yield


# The solver's child process is started as ``python -c "from planner.isolated.child import ..."``.
_SOLVER_CHILD = "planner.isolated.child"


@pytest.fixture
def child_patch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[[str], None]:
    """``child_patch(code)`` runs ``code`` at the start of every solver child process the test
    starts (:mod:`planner.isolated`), through a ``sitecustomize`` module first on PYTHONPATH.

    Every solve runs in a child process of its own, where a monkeypatch of the test's process
    does not reach: a test that replaces the solver replaces it there with this. Other Python
    processes (a ``planner`` command the test starts, say) don't run ``code``.
    """

    def patch(code: str) -> None:
        folder = tmp_path / "child-patch"
        folder.mkdir(exist_ok=True)
        (folder / "planner_test_child_patch.py").write_text(dedent(code), encoding="utf-8")
        (folder / "sitecustomize.py").write_text(
            "import sys\n"
            f"if any({_SOLVER_CHILD!r} in arg for arg in sys.orig_argv):\n"
            "    import planner_test_child_patch  # noqa: F401\n",
            encoding="utf-8",
        )
        paths = [str(folder), *filter(None, [os.environ.get("PYTHONPATH")])]
        monkeypatch.setenv("PYTHONPATH", os.pathsep.join(paths))

    return patch


# A PostgreSQL server for the archive and nightly tests: .ci/run starts a throw-away one with
# .ci/postgres and sets these; without them the PostgreSQL cases are skipped, saying why.
POSTGRES_URL = os.environ.get("PLANNER_TEST_POSTGRES_URL", "")
POSTGRES_RESTART = os.environ.get("PLANNER_TEST_POSTGRES_RESTART", "")
NO_POSTGRES = (
    "no PostgreSQL server to test against: set PLANNER_TEST_POSTGRES_URL (.ci/run starts a "
    "throw-away server with .ci/postgres and sets it)"
)


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """The URL of a new, empty database on the test server, dropped after the test."""
    if not POSTGRES_URL:
        pytest.skip(NO_POSTGRES)
    pytest.importorskip("psycopg", reason="psycopg is not installed (pip install -e '.[dev]')")
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    from planner.archive import resolve_archive_url

    server = make_url(resolve_archive_url(POSTGRES_URL))
    name = f"planner_test_{uuid.uuid4().hex[:16]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT", pool_pre_ping=True)
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        yield server.set(database=name).render_as_string(hide_password=False)
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def archive_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A plan archive that does not exist yet: an SQLite file, or a new PostgreSQL database."""
    if request.param == "sqlite":
        return str(tmp_path / "plans.db")
    url: str = request.getfixturevalue("postgres_url")
    return url


@pytest.fixture
def restart_postgres() -> Callable[[], None]:
    """Restarts the test's PostgreSQL server (every client connection is ended)."""
    if not POSTGRES_RESTART:
        pytest.skip("PLANNER_TEST_POSTGRES_RESTART is not set: no way to restart the server")

    def restart() -> None:
        subprocess.run(POSTGRES_RESTART, shell=True, check=True, timeout=120, capture_output=True)

    return restart


@pytest.fixture(scope="session")
def long_spa(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tight generated week (15 therapists, 142 courses): no solve proves it optimal soon."""
    from planner.generate import generate_scenario

    folder = tmp_path_factory.mktemp("long") / "long-spa"
    return generate_scenario(
        folder, therapists=15, rooms=8, courses=None, days=7, seed=3, tightness=0.9
    )


# Generous: loading the solver and building the model on a loaded 2-core machine.
SEARCH_START_TIMEOUT = 120.0


Searching = Callable[..., dict[int, str]]


@pytest.fixture
def searching(tmp_path: Path, child_patch, monkeypatch: pytest.MonkeyPatch) -> Searching:
    """``searching(process, name=None)`` waits until a solver child of ``process`` (solving the
    scenario called ``name``, if given) has found a first plan, and returns ``{child pid:
    scenario name}`` of the children of ``process`` that are searching."""
    folder = tmp_path / "searching"
    folder.mkdir()
    monkeypatch.setenv("PLANNER_TEST_SEARCHING", str(folder))
    child_patch(SEARCHING)

    def wait(process: subprocess.Popen[bytes], name: str | None = None) -> dict[int, str]:
        deadline = time.monotonic() + SEARCH_START_TIMEOUT
        while time.monotonic() < deadline:
            if process.poll() is not None:
                err = process.communicate()[1] or b""
                pytest.fail(f"ended before it searched ({process.returncode}): {err.decode()}")
            found = {
                int(p.name): p.read_text(encoding="utf-8")
                for p in folder.iterdir()
                if p.suffix != ".tmp" and _child_of(int(p.name), process.pid)
            }
            if found and (name is None or name in found.values()):
                return found
            time.sleep(0.1)
        pytest.fail(f"no solver child searched within {SEARCH_START_TIMEOUT:g} s")

    return wait


def _child_of(pid: int, parent: int) -> bool:
    try:
        return alive(pid) and parent_of(pid) == parent
    except FileNotFoundError:  # it ended meanwhile
        return False
