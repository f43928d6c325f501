"""A small spa week (31 sessions) for nightly runs, and helpers to run the job and read results."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from planner.cli import main

DAYS = ("2026-12-07", "2026-12-08", "2026-12-09", "2026-12-10", "2026-12-11")

SPA_WEEK: dict[str, str] = {
    "scenario.toml": """
        name = "Spa Podil nightly"
        start = 2026-12-07
        days = 5
        time_limit_seconds = 3
    """,
    "therapists.csv": """
        therapist_id,name,specialties
        t1,Olena,relaxing;lymphatic
        t2,Taras,relaxing;classic
        t3,Iryna,lymphatic;classic
    """,
    "shifts.csv": "therapist_id,date,start,end\n"
    + "".join(f"{t},{day},09:00,17:00\n" for t in ("t1", "t2", "t3") for day in DAYS),
    "rooms.csv": """
        room_id,name,equipment
        r1,Room 1,table
        r2,Room 2,table
    """,
    "treatments.csv": """
        treatment_id,name,specialty,duration_min,equipment,min_gap_hours,max_gap_hours
        relax,Relaxing massage,relaxing,60,table,24,
        lymph,Lymph drainage,lymphatic,60,table,24,72
        back,Back massage,classic,30,table,24,
    """,
    "clients.csv": "client_id,name,phone\n"
    + "".join(f"c{i},Client {i},+380 44 000 00{i:02d}\n" for i in range(1, 13)),
    "client_conditions.csv": """
        client_id,condition,from,until,cleared
        c4,skin_lesion,,,no
    """,
    "courses.csv": """
        course_id,client_id,treatment_id,sessions,priority,preferred_therapist
        k1,c1,relax,3,2,t1
        k2,c2,lymph,3,3,
        k3,c3,back,2,1,t2
        k4,c4,relax,2,1,
        k5,c5,lymph,3,2,t3
        k6,c6,back,3,1,
        k7,c7,relax,2,1,t2
        k8,c8,back,2,2,
        k9,c9,lymph,3,1,
        k10,c10,relax,3,1,
        k11,c11,back,3,2,t3
        k12,c12,relax,2,1,
    """,
}

NEW_CLIENT = "c13,Client 13,+380 44 000 0013\n"
NEW_COURSE = "k13,c13,back,2,3,t2\n"


@pytest.fixture
def spa_week_files() -> dict[str, str]:
    """The files of the spa week, to change before writing them."""
    return dict(SPA_WEEK)


@pytest.fixture
def spa_week(make_scenario) -> Path:
    """A five-day week: 3 therapists, 2 rooms, 12 courses, 31 sessions."""
    return make_scenario(SPA_WEEK)


def _add_course(folder: Path) -> None:
    for name, row in (("clients.csv", NEW_CLIENT), ("courses.csv", NEW_COURSE)):
        path = folder / name
        path.write_text(path.read_text(encoding="utf-8") + row, encoding="utf-8")


@pytest.fixture
def add_course() -> Callable[[Path], None]:
    """Books one more course (k13) for a new client, as a manager would during the week."""
    return _add_course


NightlyRun = Callable[..., Result]


@pytest.fixture
def nightly(tmp_path: Path, archive_url: str) -> NightlyRun:
    """Runs ``planner nightly FOLDER --now NOW [extra...]`` on the test's archive (an SQLite
    file and a PostgreSQL database: ``archive_url``), ``tmp_path``'s exports (``exports``) and
    log (``nightly.log``), with a 3 s solve budget."""

    def run(folder: Path, now: str, *extra: str) -> Result:
        args = ["nightly", str(folder), "--archive", archive_url]
        args += ["-o", str(tmp_path / "exports"), "--now", now, "--time-limit", "3"]
        args += ["--log-file", str(tmp_path / "nightly.log"), *extra]
        return CliRunner().invoke(main, args, catch_exceptions=False)

    return run
