"""``planner advise -o`` then ``planner export --advice``: the verified change reaches the report.

One therapist works one hour on Monday; two clients want one hour-long relaxing massage each.
The plan books the more valuable one (priority 3) and leaves co1 (priority 1) out, so one more
hour for the therapist books co1 and gains exactly 1. Anna, whose course is unscheduled, has a
health condition: neither the advice nor the report may name it.
"""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from planner.cli import main
from planner.export.html import ADVICE_TITLE
from tests.conftest import ScenarioFactory

CONDITION = "varicose"  # appears nowhere in the project's code or in plotly.js
FILES = {
    "scenario.toml": """
        name = "one hour"
        start = 2026-12-07
        days = 2
        turnover_minutes = 0
    """,
    "shifts.csv": """
        therapist_id,date,start,end
        t1,2026-12-07,09:00,10:00
    """,
    "clients.csv": """
        client_id,name
        c1,Anna
        c2,Boris
    """,
    "client_conditions.csv": f"""
        client_id,condition
        c1,{CONDITION}_veins
    """,
    "contraindications.csv": f"""
        condition,treatment_id,rule
        {CONDITION}_veins,relax,local
    """,
    "courses.csv": """
        course_id,client_id,treatment_id,sessions,priority,needs_assessment
        co1,c1,relax,1,1,no
        co2,c2,relax,1,3,no
    """,
}
PLAN = (
    "course_id,session,client_id,treatment_id,therapist_id,room_id,start,end\n"
    "co2,1,c2,relax,t1,r1,2026-12-07T09:00,2026-12-07T10:00\n"
)
UNSCHEDULED = (
    "course_id,session,client_id,treatment_id,reason\nco1,1,c1,relax,Not enough capacity.\n"
)
CHANGE = "Olena works 60 min longer on Mon 07 Dec (until 11:00)"


def test_the_advised_change_appears_in_the_exported_report(
    make_scenario: ScenarioFactory, tmp_path: Path
) -> None:
    folder = make_scenario(FILES)
    plan = tmp_path / "plan"
    plan.mkdir()
    (plan / "plan.csv").write_text(PLAN, encoding="utf-8")
    (plan / "unscheduled.csv").write_text(UNSCHEDULED, encoding="utf-8")
    runner = CliRunner()
    advised = runner.invoke(main, ["advise", str(folder), str(plan), "--top", "1",
                                   "--time-limit", "2", "--workers", "1",
                                   "-o", str(tmp_path / "advice")])  # fmt: skip
    assert advised.exit_code == 0, advised.output
    advice_csv = tmp_path / "advice" / "advice.csv"
    exported = runner.invoke(main, ["export", str(plan), "--scenario", str(folder),
                                    "--format", "html", "--advice", str(advice_csv),
                                    "-o", str(tmp_path / "export")])  # fmt: skip
    assert exported.exit_code == 0, exported.output
    html = (tmp_path / "export" / "report.html").read_text(encoding="utf-8")
    section = html[html.index(f"<h2>{ADVICE_TITLE}</h2>") :]
    cells = re.findall(r"<td[^>]*>(.*?)</td>", section[: section.index("</section>")])
    # The cheapest of the equal gains: Monday an hour longer, booking co1 for a gain of 1.
    assert cells == ["1", CHANGE, "+1", "1 session", "60 therapist min"]
    for text in (html, advice_csv.read_text(encoding="utf-8")):
        assert CONDITION not in text.lower()
