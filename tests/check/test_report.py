"""``check_plan_file``: the checker in one call, on a scenario folder and a plan file."""

from __future__ import annotations

from pathlib import Path

from planner.check import check_plan_file

HEADER = "course_id,session,client_id,treatment_id,therapist_id,room_id,start,end\n"
VALID_ROW = "co1,1,c1,relax,t1,r1,2026-12-07T09:00,2026-12-07T10:15\n"


def _plan(tmp_path: Path, text: str, name: str = "plan.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_check_plan_file_reports_violations_and_score(make_scenario, tmp_path):
    folder = make_scenario(
        **{
            "courses.csv": "course_id,client_id,treatment_id,sessions,priority\nco1,c1,relax,2,3\n",
            "pinned.csv": (
                "course_id,session,therapist_id,room_id,start\nco1,1,t1,r1,2026-12-07T09:00\n"
            ),
        }
    )
    # Session 2 only 22 h 45 min after session 1: rule 8.
    rows = VALID_ROW + "co1,2,c1,relax,t1,r1,2026-12-08T09:00,2026-12-08T10:00\n"
    report = check_plan_file(folder, _plan(tmp_path, HEADER + rows))
    assert report.readable and not report.valid
    assert [v.rule for v in report.violations] == [8]
    assert report.score is not None and report.score.scheduled_value == 6
    assert (report.sessions_scheduled, report.sessions_total) == (2, 2)
