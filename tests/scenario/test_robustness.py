"""Whatever a file holds, loading answers with a scenario or a ScenarioError, never a crash."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from planner.scenario import ScenarioError, Severity, load_scenario

ScenarioFactory = Callable[..., Path]  # the make_scenario fixture of tests/conftest.py

PIN_HEAD = "course_id,session,therapist_id,room_id,start"
FILES = ("scenario.toml", "courses.csv", "shifts.csv", "pinned.csv", "treatments.csv")
# Cells that look almost right are the interesting ones: near-dates, near-times, stray quotes.
CELL = st.sampled_from(
    [
        "",
        "co1",
        "c1",
        "t1",
        "r1",
        "relax",
        "1",
        "0",
        "-1",
        "2.5",
        "x",
        "24:00",
        "09:00",
        "2026-12-07",
        "2026-12-07T10:00",
        "2026-02-30",
        '"',
        ";",
        " ",
        "é",
        "nan",
        "inf",
    ]
)
ROW = st.lists(CELL, min_size=0, max_size=6).map(",".join)
TEXT = st.lists(ROW, min_size=0, max_size=5).map("\n".join)


def _load_copy(base: Path, name: str, content: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "scenario"
        shutil.copytree(base, folder)
        (folder / name).write_bytes(content)
        try:
            load_scenario(folder)
        except ScenarioError as error:
            assert any(p.severity is Severity.ERROR for p in error.problems)
            assert all(p.message for p in error.problems)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(name=st.sampled_from(FILES), header_from=st.sampled_from(FILES), body=TEXT)
def test_garbled_rows_never_crash(
    make_scenario: ScenarioFactory, name: str, header_from: str, body: str
) -> None:
    base = make_scenario({"pinned.csv": f"{PIN_HEAD}\nco1,1,t1,r1,2026-12-07T10:00\n"})
    header = (base / header_from).read_text().splitlines()[0]
    _load_copy(base, name, f"{header}\n{body}\n".encode())


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@example(name="courses.csv", content=b"\r\x00\x80")  # a lone CR before a bad byte
@given(name=st.sampled_from(FILES), content=st.binary(max_size=80))
def test_random_bytes_never_crash(
    make_scenario: ScenarioFactory, name: str, content: bytes
) -> None:
    _load_copy(make_scenario(), name, content)


@pytest.mark.parametrize("name", FILES)
def test_file_that_is_a_folder_is_reported(make_scenario: ScenarioFactory, name: str) -> None:
    folder = make_scenario({name: None})
    (folder / name).mkdir()
    with pytest.raises(ScenarioError) as info:
        load_scenario(folder)
    assert [p.file for p in info.value.problems if p.severity is Severity.ERROR] == [name]
