"""Every command that reads a scenario names, for each problem, the file, the row, what the row
is about (by its ids) and the column: ``courses.csv, row 4 (course K3), column 'latest'``.

``nightly`` is tested with its own log in tests/nightly/test_nightly.py.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from click.testing import CliRunner

from planner.cli import main

ScenarioFactory = Callable[..., Path]

# Row 4 of courses.csv is course K3, whose 'latest' lies before its 'earliest'.
COURSES = """
    course_id,client_id,treatment_id,sessions,earliest,latest
    K1,c1,relax,1,,
    K2,c1,relax,1,,
    K3,c1,relax,1,2026-12-08T12:00,2026-12-07T10:00
"""
WHERE = "courses.csv, row 4 (course K3), column 'latest'"


def _broken(make_scenario: ScenarioFactory) -> Path:
    return make_scenario({"courses.csv": COURSES})


def test_validate_names_the_course(make_scenario: ScenarioFactory) -> None:
    result = CliRunner().invoke(main, ["validate", str(_broken(make_scenario))])
    assert result.exit_code == 2
    assert f"{WHERE}: error: expected a date-time after earliest" in result.output


def test_solve_names_the_course(make_scenario: ScenarioFactory, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["solve", str(_broken(make_scenario)), "-o", str(out)])
    assert result.exit_code == 2
    assert f"{WHERE}: error: expected a date-time after earliest" in result.output
    assert not out.exists()


def test_whatif_names_the_course_of_the_base_and_of_a_variants_file(
    make_scenario: ScenarioFactory, tmp_path: Path
) -> None:
    variants = tmp_path / "variants.toml"
    variants.write_text('[variants.more]\nadd_courses = "more.csv"\n', encoding="utf-8")
    out = tmp_path / "out"
    base = CliRunner().invoke(
        main, ["whatif", str(_broken(make_scenario)), str(variants), "-o", str(out)]
    )
    assert base.exit_code == 2
    assert f"{WHERE}: error: expected a date-time after earliest" in base.output

    (tmp_path / "more.csv").write_text(
        "course_id,client_id,treatment_id,sessions\nN1,c1,relax,1\nN2,c1,relax,many\n",
        encoding="utf-8",
    )
    good = make_scenario()
    added = CliRunner().invoke(main, ["whatif", str(good), str(variants), "-o", str(out)])
    assert added.exit_code == 2
    assert "more.csv, row 3 (course N2), column 'sessions', variant 'more'" in added.output


def test_rows_without_an_id_of_their_own_are_named_by_what_they_belong_to(
    make_scenario: ScenarioFactory,
) -> None:
    folder = make_scenario(
        {
            "shifts.csv": "therapist_id,date,start,end\nt1,2026-12-07,17:00,09:00\n",
            "pinned.csv": "course_id,session,therapist_id,room_id,start\nco1,1,t1,r1,soon\n",
        }
    )
    result = CliRunner().invoke(main, ["validate", str(folder)])
    assert result.exit_code == 2
    assert "shifts.csv, row 2 (therapist t1), column 'end'" in result.output
    assert "pinned.csv, row 2 (course co1, session 1), column 'start'" in result.output


def test_health_rows_are_named_by_number_only(make_scenario: ScenarioFactory) -> None:
    # A message may reach a log: it must not tie a client to a condition.
    folder = make_scenario(
        {
            "client_conditions.csv": "client_id,condition,from\nc1,thrombosis,someday\n",
            "contraindications.csv": "condition,treatment_id,rule\nthrombosis,relax,never\n",
        }
    )
    result = CliRunner().invoke(main, ["validate", str(folder)])
    assert result.exit_code == 2
    assert "client_conditions.csv, row 2, column 'from'" in result.output
    assert "contraindications.csv, row 2, column 'rule'" in result.output
    assert "(client c1)" not in result.output
