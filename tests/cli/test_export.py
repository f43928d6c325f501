"""``planner export``: formats, exit codes and messages for unreadable or broken plans."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from click.testing import CliRunner

from planner.cli import main
from planner.plan.folder import PLAN_FILE
from planner.scenario import Scenario
from tests.export.conftest import hand_plan, write_plan_dir


def _run(*args: str | Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["export", *map(str, args)])
    return result.exit_code, result.output


def test_exports_the_chosen_formats(
    spa: tuple[Path, Scenario], plan_dir: Path, tmp_path: Path
) -> None:
    folder, _scenario = spa
    out = tmp_path / "out"
    code, output = _run(plan_dir, "--scenario", folder, "--format", "ics, CSV", "-o", out)
    assert code == 0, output
    assert sorted(p.name for p in out.iterdir()) == [
        "calendars",
        "manager",  # the manager's roster of unscheduled sessions
        "manifest.json",
        "plan.csv",
        "roster.csv",
        "roster_unscheduled.csv",
        "therapists",  # one roster per therapist
        "unscheduled.csv",
    ]
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["formats"] == ["ics", "csv"]
    assert "calendars/t1.ics" in output


def test_missing_plan_is_invalid_input_and_names_the_file(
    spa: tuple[Path, Scenario], tmp_path: Path
) -> None:
    folder, _scenario = spa
    empty = tmp_path / "empty"
    empty.mkdir()
    code, output = _run(empty, "--scenario", folder, "-o", tmp_path / "out")
    assert code == 2
    assert "plan.csv: error: file not found" in output
    assert not (tmp_path / "out").exists()


def test_unreadable_plan_row_is_reported_with_row_and_column(
    spa: tuple[Path, Scenario], plan_dir: Path, tmp_path: Path
) -> None:
    folder, _scenario = spa
    text = (plan_dir / PLAN_FILE).read_text(encoding="utf-8")
    (plan_dir / PLAN_FILE).write_text(text.replace("2026-12-07T09:00", "Monday 9am", 1))
    code, output = _run(plan_dir, "--scenario", folder, "-o", tmp_path / "out")
    assert code == 2
    assert "plan.csv, row 2, column 'start'" in output
    assert "Traceback" not in output


def test_bad_summary_json_is_invalid_input(
    spa: tuple[Path, Scenario], plan_dir: Path, tmp_path: Path
) -> None:
    folder, _scenario = spa
    (plan_dir / "summary.json").write_text("{not json", encoding="utf-8")
    code, output = _run(plan_dir, "--scenario", folder, "-o", tmp_path / "out")
    assert code == 2
    assert "summary.json, row 1: error: expected JSON" in output


def test_missing_optional_files_only_warn(
    spa: tuple[Path, Scenario], plan_dir: Path, tmp_path: Path
) -> None:
    folder, _scenario = spa
    (plan_dir / "summary.json").unlink()
    (plan_dir / "unscheduled.csv").unlink()
    code, output = _run(plan_dir, "--scenario", folder, "--format", "html", "-o", tmp_path / "o")
    assert code == 0, output
    assert "summary.json: warning: file not found; the score is computed from the plan" in output
    assert "not given" in (tmp_path / "o" / "report.html").read_text(encoding="utf-8")


def test_invalid_scenario_unknown_format_or_time_zone_exit_2(
    spa: tuple[Path, Scenario], plan_dir: Path, tmp_path: Path
) -> None:
    folder, _scenario = spa
    out = tmp_path / "out"
    code, output = _run(plan_dir, "--scenario", folder, "--format", "pdf", "-o", out)
    assert code == 2 and "unknown format(s) pdf" in output
    code, output = _run(plan_dir, "--scenario", folder, "--tz", "Mars/Olympus", "-o", out)
    assert code == 2 and "unknown time zone 'Mars/Olympus'" in output
    code, output = _run(plan_dir, "--scenario", tmp_path / "nowhere", "-o", out)
    assert code == 2
    assert not out.exists()


def test_plan_breaking_hard_rules_is_refused_unless_forced(
    spa: tuple[Path, Scenario], tmp_path: Path
) -> None:
    folder, scenario = spa
    # Taras has no shift on Tuesday.
    broken = [replace(s, therapist_id="t2") if s.session == 2 else s for s in hand_plan()]
    plan_dir = write_plan_dir(tmp_path / "broken", scenario, broken)
    out = tmp_path / "out"
    code, output = _run(plan_dir, "--scenario", folder, "-o", out)
    assert code == 1
    assert "rule 3" in output and "--force" in output
    assert not out.exists()

    code, output = _run(plan_dir, "--scenario", folder, "--force", "-o", out)
    assert code == 0, output
    assert (out / "calendars" / "t2.ics").read_bytes().count(b"BEGIN:VEVENT") == 2
