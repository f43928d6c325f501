"""``planner check`` on scenario folders and plan files."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from planner.cli import main

HEADER = "course_id,session,client_id,treatment_id,therapist_id,room_id,start,end\n"
VALID_ROW = "co1,1,c1,relax,t1,r1,2026-12-07T09:00,2026-12-07T10:15\n"


def _plan(tmp_path: Path, text: str, name: str = "plan.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _run(*args: str | Path):
    result = CliRunner().invoke(main, ["check", *map(str, args)])
    assert "Traceback" not in result.output
    return result


def test_valid_plan_exits_0_with_score(make_scenario, tmp_path):
    result = _run(make_scenario(), _plan(tmp_path, HEADER + VALID_ROW))
    assert result.exit_code == 0, result.output
    assert "VALID" in result.output
    assert "scheduled_value: 1" in result.output
    assert "penalty: 0 (continuity 0, preferred_therapist 0, preferred_time 0)" in result.output
    assert "sessions scheduled: 1 of 1" in result.output


def test_plan_with_columns_in_another_order_is_read(make_scenario, tmp_path):
    text = (
        " End ,START,room_id,therapist_id,treatment_id,client_id,Session,course_id,note\n"
        "2026-12-07T10:15,2026-12-07T09:00,r1,t1,relax,c1,1,co1,hello\n"
    )
    assert _run(make_scenario(), _plan(tmp_path, text)).exit_code == 0


def test_violating_plan_exits_1_and_names_rule_and_session(make_scenario, tmp_path):
    row = "co1,1,c1,relax,t1,r1,2026-12-07T09:00,2026-12-07T10:00\n"  # assessment missing
    result = _run(make_scenario(), _plan(tmp_path, HEADER + row))
    assert result.exit_code == 1
    assert "rule 2 [co1 #1]" in result.output
    assert "75 minutes" in result.output
    assert "INVALID" in result.output


def test_contraindication_message_keeps_condition_private(make_scenario, tmp_path):
    folder = make_scenario(
        **{
            "client_conditions.csv": "client_id,condition\nc1,thrombosis\n",
            "contraindications.csv": "condition,treatment_id,rule\nthrombosis,relax,absolute\n",
        }
    )
    result = _run(folder, _plan(tmp_path, HEADER + VALID_ROW))
    assert result.exit_code == 1
    assert "rule 9" in result.output
    assert "a contraindication of the client forbids relax on 2026-12-07" in result.output
    assert "thrombosis" not in result.output.lower()


def test_unreadable_plan_exits_2_naming_row_and_column(make_scenario, tmp_path):
    row = "co1,one,c1,relax,t1,r1,2026-12-07 9am,2026-12-07T10:15\n"
    result = _run(make_scenario(), _plan(tmp_path, HEADER + row))
    assert result.exit_code == 2
    assert "plan.csv, row 2, column 'session'" in result.output
    assert "plan.csv, row 2, column 'start'" in result.output


def test_missing_plan_file_exits_2(make_scenario, tmp_path):
    result = _run(make_scenario(), tmp_path / "nowhere.csv")
    assert result.exit_code == 2
    assert "not found" in result.output


def test_invalid_scenario_exits_2(make_scenario, tmp_path):
    folder = make_scenario(
        **{"courses.csv": "course_id,client_id,treatment_id,sessions\nco1,c9,relax,1\n"}
    )
    result = _run(folder, _plan(tmp_path, HEADER + VALID_ROW))
    assert result.exit_code == 2
    assert "courses.csv" in result.output


def test_json_report(make_scenario, tmp_path):
    row = "co1,1,c1,relax,t1,r1,2026-12-07T09:05,2026-12-07T10:20\n"  # off the slot grid
    result = CliRunner().invoke(
        main, ["check", str(make_scenario()), str(_plan(tmp_path, HEADER + row)), "--json"]
    )
    assert result.exit_code == 1
    report = json.loads(result.output)
    assert report["valid"] is False
    assert [v["rule"] for v in report["violations"]] == [5]
    assert report["violations"][0]["sessions"] == [{"course_id": "co1", "session": 1}]
    assert report["scheduled_value"] == 1
