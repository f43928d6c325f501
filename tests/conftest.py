"""Shared fixtures: tiny hand-made scenario folders written from CSV text."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from textwrap import dedent

import pytest

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


@pytest.fixture(autouse=True)
def unhurried(monkeypatch: pytest.MonkeyPatch) -> None:
    """In deterministic mode the wall clock ends a search only after many times its limit, so
    that a loaded test machine never cuts a search the work budget would have let finish."""
    import planner.model.budget

    monkeypatch.setattr(planner.model.budget, "SAFETY_FACTOR", 50.0)
