"""``planner whatif`` and ``planner batch`` end to end on a small spa, passed by the checker."""

from __future__ import annotations

import csv
from pathlib import Path
from textwrap import dedent

from click.testing import CliRunner

from planner.check import check_plan_file
from planner.cli import main
from tests.whatif.helpers import write_small

VARIANTS = """
[variants.olena-ill-monday]
description = "Olena is ill on Monday"
remove_shifts = [{ therapist_id = "t1", date = 2026-12-07 }]

[variants.second-room]
description = "Open a second room"
add_rooms = [{ room_id = "r2", name = "Room 2", equipment = "table" }]

[variants.priority]
priorities = { co5 = 5 }
"""


def _rows(path: Path) -> dict[str, dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        return {
            row["variant"] if "variant" in row else row["scenario"]: row
            for row in csv.DictReader(handle)
        }


def test_whatif_solves_base_and_variants_and_compares(tmp_path: Path) -> None:
    base = write_small(tmp_path / "spa")
    variants = tmp_path / "variants.toml"
    variants.write_text(dedent(VARIANTS), encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main, ["whatif", str(base), str(variants), "-o", str(out), "--time-limit", "1"]
    )
    assert result.exit_code == 0, result.output
    rows = _rows(out / "comparison.csv")
    assert list(rows) == ["base", "olena-ill-monday", "second-room", "priority"]
    for name in rows:
        # Every plan passes the independent checker against the scenario written beside it.
        report = check_plan_file(out / name / "scenario", out / name / "plan.csv")
        assert report.valid, (name, report.violations, report.problems)
        assert rows[name]["check"] == "ok"
    value = {name: int(row["scheduled_value"]) for name, row in rows.items()}
    sessions = {name: int(row["sessions_scheduled"]) for name, row in rows.items()}
    # A therapist off can't help; a room more can't hurt (this small spa is room-bound).
    assert value["olena-ill-monday"] <= value["base"]
    assert sessions["olena-ill-monday"] <= sessions["base"]
    assert value["second-room"] > value["base"]
    assert (
        rows["olena-ill-monday"]["value_vs_base"]
        == f"{value['olena-ill-monday'] - value['base']:+d}"
    )
    # The room added shows in the utilisation columns (blank where the room doesn't exist).
    assert rows["base"]["room:r2"] == "" and float(rows["second-room"]["room:r2"]) > 0
    assert int(rows["priority"]["moved"]) + int(rows["priority"]["dropped"]) >= 0
    assert (out / "comparison.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    # Client contact data stays in the scenario copies; the comparison never shows it.
    assert "+380" not in (out / "comparison.csv").read_text(encoding="utf-8")


def test_bad_variants_file_exits_2_and_writes_nothing(tmp_path: Path) -> None:
    base = write_small(tmp_path / "spa")
    variants = tmp_path / "variants.toml"
    variants.write_text(
        '[variants.ill]\nremove_shifts = [{ therapist_id = "t9", date = 2026-12-07 }]\n',
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["whatif", str(base), str(variants), "-o", str(out)])
    assert result.exit_code == 2
    message = "variants.toml, line 2, variant 'ill', key 'remove_shifts': unknown therapist 't9'"
    assert message in result.output
    assert not out.exists()


def test_batch_keeps_going_past_an_invalid_scenario(tmp_path: Path) -> None:
    good = write_small(tmp_path / "podil")
    other = write_small(
        tmp_path / "obolon", {"rooms.csv": "room_id,name,equipment\nr1,A,table\nr2,B,table"}
    )
    broken = write_small(
        tmp_path / "broken",
        {"courses.csv": "course_id,client_id,treatment_id,sessions\nco1,c404,relax,1"},
    )
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main, ["batch", str(good), str(other), str(broken), "-o", str(out), "--time-limit", "1"]
    )
    assert result.exit_code == 2, result.output
    rows = _rows(out / "comparison.csv")
    assert rows["broken"]["status"] == "invalid"
    assert "c404" in rows["broken"]["error"]
    for name in ("podil", "obolon"):
        assert rows[name]["check"] == "ok"
        assert check_plan_file(out / name / "scenario", out / name / "plan.csv").valid
    assert int(rows["obolon"]["scheduled_value"]) > int(rows["podil"]["scheduled_value"])
