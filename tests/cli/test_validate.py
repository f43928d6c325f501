"""``planner validate``: a spa manager's check of a scenario folder before planning it.

The contract's error cases are run through the loader and this command together in
``tests/scenario/test_validate_errors.py``; pinned sessions in ``tests/check/test_pins.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from planner.cli import main

ScenarioFactory = Callable[..., Path]  # the make_scenario fixture of tests/conftest.py


def test_cli_valid_scenario_prints_summary_and_exits_0(make_scenario: ScenarioFactory) -> None:
    folder = make_scenario({"rooms.csv": "room_id,name,equipment,colour\nr1,Room 1,table,blue\n"})
    result = CliRunner().invoke(main, ["validate", str(folder)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "unknown column" in lines[0]
    assert "therapists: 1 with 2 shifts (16 h)" in result.output
    assert lines[-1] == "valid: 1 courses, 1 sessions, 1 therapists, 1 rooms, 0 pinned, 1 warnings"


def test_cli_strict_fails_on_warnings(make_scenario: ScenarioFactory) -> None:
    folder = make_scenario({"rooms.csv": "room_id,name,equipment,colour\nr1,Room 1,table,blue\n"})
    assert CliRunner().invoke(main, ["validate", "--strict", str(folder)]).exit_code == 2
    assert CliRunner().invoke(main, ["validate", "--strict", str(make_scenario())]).exit_code == 0


def test_cli_missing_folder_exits_2(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["validate", str(tmp_path / "nowhere")])
    assert result.exit_code == 2
    assert "scenario folder not found" in result.output


def test_cli_file_instead_of_folder_exits_2(make_scenario: ScenarioFactory) -> None:
    result = CliRunner().invoke(main, ["validate", str(make_scenario() / "courses.csv")])
    assert result.exit_code == 2
    assert "is not a folder" in result.output


def test_cli_unexpected_failure_is_a_message_with_exit_1(
    make_scenario: ScenarioFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    from planner.cli import validate_cmd

    def broken(folder: Path) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(validate_cmd, "load_checked_scenario", broken)
    result = CliRunner().invoke(main, ["validate", str(make_scenario())])
    assert result.exit_code == 1
    assert "internal error while validating: RuntimeError: disk on fire" in result.output
    assert "Traceback" not in result.output
