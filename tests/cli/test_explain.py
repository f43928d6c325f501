"""``planner explain``: unscheduled.csv rewritten for any plan, hand-edited ones included."""

from __future__ import annotations

import csv
from pathlib import Path

from click.testing import CliRunner

from planner.cli import main

SPA = {
    "clients.csv": """
        client_id,name
        c1,Anna
        c2,Boris
    """,
    "courses.csv": """
        course_id,client_id,treatment_id,sessions,priority,needs_assessment
        co1,c1,relax,2,1,no
        co2,c2,relax,1,2,no
    """,
}


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_a_hand_edited_plan_gets_its_unscheduled_sessions_explained(make_scenario, tmp_path):
    folder = make_scenario(SPA)
    out = tmp_path / "out"
    solved = CliRunner().invoke(main, ["solve", str(folder), "-o", str(out), "--workers", "1"])
    assert solved.exit_code == 0, solved.output
    assert _rows(out / "unscheduled.csv") == []  # the tiny spa books everything
    # The manager takes co1's second session out by hand.
    plan = _rows(out / "plan.csv")
    kept = [r for r in plan if (r["course_id"], r["session"]) != ("co1", "2")]
    with (out / "plan.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(plan[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(kept)

    run = CliRunner().invoke(main, ["explain", str(folder), str(out)])
    assert run.exit_code == 0, run.output
    [row] = _rows(out / "unscheduled.csv")
    assert (row["course_id"], row["session"], row["client_id"]) == ("co1", "2", "c1")
    assert row["reason"].startswith("It could still be booked")


def test_a_plan_that_breaks_a_rule_is_not_explained(make_scenario, tmp_path):
    folder = make_scenario(SPA)
    out = tmp_path / "out"
    assert CliRunner().invoke(main, ["solve", str(folder), "-o", str(out)]).exit_code == 0
    before = (out / "unscheduled.csv").read_bytes()
    text = (out / "plan.csv").read_text(encoding="utf-8").replace("T09:", "T06:")
    (out / "plan.csv").write_text(text, encoding="utf-8")
    run = CliRunner().invoke(main, ["explain", str(folder), str(out)])
    assert run.exit_code == 2
    assert "hard rule" in run.output
    assert (out / "unscheduled.csv").read_bytes() == before
