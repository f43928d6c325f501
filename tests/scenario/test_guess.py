"""A missing or invalid ``start``: said first, with the week assumed; what follows is grouped."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from planner.cli import main
from planner.scenario import ScenarioError, Severity, load_scenario

NO_START = 'name = "tiny"\ndays = 2\n'
# Written for a week long past: whatever today is, the assumed horizon lies after it.
OLD_SHIFTS = "therapist_id,date,start,end\n" + "".join(
    f"t1,2020-01-{day:02d},09:00,17:00\n" for day in range(6, 13)
)
OLD_PIN = "course_id,session,therapist_id,room_id,start\nco1,1,t1,r1,2020-01-06T10:00\n"


def test_the_guess_comes_first_and_the_rows_outside_it_are_one_warning(make_scenario) -> None:
    folder = make_scenario({"scenario.toml": NO_START, "shifts.csv": OLD_SHIFTS})
    _scenario, warnings = load_scenario(folder, today=date(2026, 12, 9))
    assert [str(w) for w in warnings[:2]] == [
        "scenario.toml, column 'start': warning: scenario.toml has no 'start'; the horizon "
        "Mon 2026-12-14 .. Tue 2026-12-15 was assumed (the first Monday after today)",
        "shifts.csv: warning: 7 row(s) lie outside the assumed horizon (rows 2, 3, 4, 5, 6, "
        "...); give scenario.toml a 'start'",
    ]
    assert not any("shift on" in w.message for w in warnings)


def test_rows_outside_a_given_horizon_still_warn_one_by_one(make_scenario) -> None:
    folder = make_scenario({"shifts.csv": OLD_SHIFTS})
    _scenario, warnings = load_scenario(folder)
    assert len([w for w in warnings if "shift on 2020-01" in w.message]) == 7


def test_an_invalid_start_is_the_first_error_and_names_the_week_assumed(make_scenario) -> None:
    folder = make_scenario({"scenario.toml": 'start = "next week"\ndays = 2\n'})
    with pytest.raises(ScenarioError) as error:
        load_scenario(folder, today=date(2026, 12, 9))
    first = error.value.problems[0]
    assert first.severity is Severity.ERROR
    assert str(first) == (
        "scenario.toml, row 1, column 'start': error: scenario.toml's 'start' is invalid "
        "(expected a date YYYY-MM-DD, got 'next week'); the horizon Mon 2026-12-14 .. "
        "Tue 2026-12-15 was assumed (the first Monday after today)"
    )


@pytest.mark.parametrize(("command", "code"), [("validate", 2), ("solve", 3)])
def test_pins_outside_the_guessed_week_are_reported_under_the_missing_start(
    make_scenario, tmp_path: Path, command: str, code: int
) -> None:
    folder = make_scenario(
        {"scenario.toml": NO_START, "shifts.csv": OLD_SHIFTS, "pinned.csv": OLD_PIN}
    )
    args = [command, str(folder)] + (["-o", str(tmp_path / "out")] if command == "solve" else [])
    result = CliRunner().invoke(main, args)
    assert result.exit_code == code, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("scenario.toml, column 'start': error: scenario.toml has no 'start'")
    assert "the errors below may follow from that guess" in lines[0]
    assert any("pinned session breaks hard rule 11" in line for line in lines[1:])
    assert sum("outside the" in line for line in lines) == 1  # the shifts, grouped
    assert not (tmp_path / "out").exists()
