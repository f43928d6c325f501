"""Variants files: every mistake is a clear error naming the file, line, variant and key."""

from __future__ import annotations

from pathlib import Path
from textwrap import dedent

import pytest

from planner.scenario.load import load_scenario
from planner.whatif.apply import apply_variant
from planner.whatif.errors import VariantsError
from planner.whatif.variants import read_variants
from tests.whatif.helpers import write_small


def _write(folder: Path, text: str, **files: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        (folder / name).write_text(dedent(content).strip() + "\n", encoding="utf-8")
    path = folder / "variants.toml"
    path.write_text(dedent(text).lstrip(), encoding="utf-8")
    return path


def _problems(path: Path, scenario_folder: Path | None = None) -> list[str]:
    """Messages of every problem, from parsing or (if it parses) applying to the scenario."""
    try:
        variants = read_variants(path)
    except VariantsError as error:
        return [str(p) for p in error.problems]
    assert scenario_folder is not None
    base, _ = load_scenario(scenario_folder)
    found = []
    for variant in variants:
        try:
            apply_variant(base, variant)
        except VariantsError as error:
            found += [str(p) for p in error.problems]
    return found


def test_a_good_file_reads_every_kind_of_change(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        """
        [variants.all-changes]
        description = "everything at once"
        remove_shifts = [{ therapist_id = "t1", date = 2026-12-07, start = "09:00", end = "11:00" }]
        add_shifts = [{ therapist_id = "t3", date = 2026-12-08, start = "09:00", end = "12:00" }]
        add_therapists = [{ therapist_id = "t3", specialties = "relaxing", max_deep_per_day = 2 }]
        remove_therapists = ["t2"]
        add_rooms = [{ room_id = "r2", equipment = ["table"] }]
        close_rooms = [{ room_id = "r1", date = "2026-12-08" }]
        opening_hours = { default = "08:00-20:00", tue = "10:00-18:00" }
        close_dates = [2026-12-08]
        add_clients = "clients.csv"
        add_courses = "courses.csv"
        remove_courses = ["co5"]
        priorities = { co1 = 5 }
        settings = { turnover_minutes = 5, time_limit_seconds = 1.5, weights = { stability = 9 } }
        """,
        **{
            "clients.csv": "client_id,name\nc9,Nina",
            "courses.csv": "course_id,client_id,treatment_id,sessions\nco9,c9,relax,1",
        },
    )
    [variant] = read_variants(path)
    base, _ = load_scenario(write_small(tmp_path / "s"))
    scenario = apply_variant(base, variant).scenario
    assert [t.id for t in scenario.therapists] == ["t1", "t3"]
    assert {r.id for r in scenario.rooms} == {"r1", "r2"}
    assert "co9" in scenario.course_by_id and "co5" not in scenario.course_by_id
    assert scenario.course_by_id["co1"].priority == 5
    assert scenario.settings.turnover_minutes == 5
    assert scenario.settings.time_limit_seconds == 1.5
    assert scenario.settings.weights.stability == 9
    assert scenario.settings.opening_hours[0] == (8 * 60, 20 * 60)
    assert scenario.settings.opening_hours[1] == (10 * 60, 18 * 60)
    # Olena's Monday now starts at 11:00; t3 works Tuesday morning.
    first = scenario.shifts_by_therapist["t1"][0]
    assert (first.start, first.end) == (660, 780)
    assert [(s.start, s.end) for s in scenario.shifts_by_therapist["t3"]] == [(1980, 2160)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            """
            [variants.ill]
            description = "typo in a key"
            remove_shift = [{ therapist_id = "t1", date = 2026-12-07 }]
            """,
            "variants.toml, line 3, variant 'ill', key 'remove_shift': unknown key "
            "'remove_shift' (did you mean 'remove_shifts'?)",
        ),
        (
            """
            [variants.ill]
            remove_shifts = [{ therapist_id = "t1", day = 2026-12-07 }]
            """,
            "variants.toml, line 2, variant 'ill', key 'remove_shifts': unknown key 'day'",
        ),
        (
            """
            [[variants.late.add_shifts]]
            therapist_id = "t1"
            date = 2026-12-07
            start = "18:00"
            end = "17:00"
            """,
            "variant 'late', key 'add_shifts': expected an end after the start",
        ),
        (
            """
            [variants.base]
            description = "reserved"
            """,
            "variant 'base'",
        ),
        (
            """
            [variants.p]
            priorities = { co1 = 7 }
            """,
            "line 2, variant 'p', key 'priorities': co1: expected a whole number from 1 to 5, "
            "got 7",
        ),
        (
            """
            [variants.s]
            settings = { days = 3 }
            """,
            "variant 's', key 'settings': unknown key 'days'",
        ),
        (
            """
            [variants.s]
            description = "broken TOML
            """,
            "variants.toml, line 2: not valid TOML",
        ),
        (
            """
            [variants.c]
            add_courses = "missing.csv"
            """,
            "variant 'c', key 'add_courses': expected a CSV file, but 'missing.csv' is not a file",
        ),
        (
            """
            stray = 1
            [variants.c]
            description = "x"
            """,
            "variants.toml, line 1, key 'stray': unknown key 'stray'",
        ),
    ],
)
def test_bad_files_name_line_variant_and_key(tmp_path: Path, text: str, expected: str) -> None:
    messages = _problems(_write(tmp_path, text))
    assert any(expected in m for m in messages), messages


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            """
            [variants.ill]
            remove_shifts = [
              { therapist_id = "t1", date = 2026-12-07 },
              { therapist_id = "t7", date = 2026-12-07 },
            ]
            """,
            "line 4, variant 'ill', key 'remove_shifts': unknown therapist 't7'; "
            "expected one of: t1, t2",
        ),
        (
            """
            [variants.off]
            description = "array of tables"
            [[variants.off.remove_shifts]]
            therapist_id = "t1"
            date = 2026-12-07
            start = "14:00"
            end = "16:00"
            """,
            "variants.toml, line 4, variant 'off', key 'remove_shifts': therapist 't1' has no "
            "shift on 2026-12-07 in that period",
        ),
        (
            """
            [variants.far]
            close_dates = [2027-01-01]
            """,
            "variant 'far', key 'close_dates': date 2027-01-01 lies outside the horizon "
            "2026-12-07..2026-12-08",
        ),
        (
            """
            [variants.room]
            add_rooms = [{ room_id = "r1" }]
            """,
            "room 'r1' already exists",
        ),
        (
            """
            [variants.gone]
            remove_courses = ["co1", "co77"]
            """,
            "line 2, variant 'gone', key 'remove_courses': unknown course 'co77'",
        ),
        (
            """
            [variants.more]
            add_courses = "courses.csv"
            """,
            "courses.csv, row 3, column 'client_id', variant 'more', key 'add_courses': "
            "unknown client 'c99'",
        ),
        (
            """
            [variants.more]
            add_courses = "bad.csv"
            """,
            "bad.csv, row 2 (course co8), column 'sessions', variant 'more', key 'add_courses': "
            "expected a whole number of at least 1",
        ),
    ],
)
def test_ids_that_do_not_fit_the_scenario_are_errors(
    tmp_path: Path, text: str, expected: str
) -> None:
    files = {
        "courses.csv": "course_id,client_id,treatment_id,sessions\nco8,c1,relax,1\nco9,c99,relax,1",
        "bad.csv": "course_id,client_id,treatment_id,sessions\nco8,c1,relax,none",
    }
    path = _write(tmp_path / "v", text, **files)
    messages = _problems(path, write_small(tmp_path / "s"))
    assert any(expected in m for m in messages), messages


def test_every_problem_is_reported_not_only_the_first(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        """
        [variants.a]
        remove_shift = []
        [variants.b]
        add_room = []
        """,
    )
    messages = _problems(path)
    assert len(messages) == 2
    assert "variant 'a'" in messages[0] and "variant 'b'" in messages[1]
