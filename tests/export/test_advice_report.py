"""``export --advice``: the report's section "What one change would book more", from a hand-written
``advice.csv``; its escaping; a bad advice file is refused before anything is written."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from planner.advise import Advice, write_advice
from planner.advise.candidates import Candidate, candidates
from planner.cli import main
from planner.export import ExportOptions, export_plan
from planner.export.html import ADVICE_TITLE, advice_section
from planner.plan import UnscheduledSession
from planner.plan.advice import ADVICE_COLUMNS, AdviceRow, read_advice_csv, read_advice_file
from planner.scenario import Scenario, load_scenario
from tests.conftest import ScenarioFactory

from .conftest import SPA_FILES

HEADER = ",".join(ADVICE_COLUMNS)
# Out of rank order on purpose; the report lists them by rank.
ADVICE = f"""{HEADER}
2,room-table-2026-12-08,room_day,one more room with table on Tue 08 Dec,2,2,1,720,co4#1
1,shift-t1-2026-12-07-1700-1800,extend_shift,Olena works 60 min longer on Mon 07 Dec \
(until 18:00),1,1,1,60,co4#1
3,train-t2-lymphatic,specialty,Taras is trained in lymphatic,1,,0,0,
"""
HOSTILE = "</script><script>alert(3)</script>"
HOSTILE_KIND = '"><img src=x onerror=alert(4)>'
NOW = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)


def _write(folder: Path, text: str, name: str = "advice.csv") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _section(html: str) -> str:
    """The advice section of a report (it is the last one)."""
    start = html.index(f"<section><h2>{ADVICE_TITLE}</h2>")
    return html[start : html.index("</section>", start)]


def _rows(section: str) -> list[list[str]]:
    body = section[section.index("<tbody>") :]
    return [re.findall(r"<td[^>]*>(.*?)</td>", row) for row in body.split("</tr>")[:-1]]


def _run(*args: str | Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["export", *map(str, args)])
    return result.exit_code, result.output


def test_report_lists_the_advice_by_rank_in_a_managers_words(
    spa: tuple[Path, Scenario], plan_dir: Path, tmp_path: Path
) -> None:
    folder, _scenario = spa
    advice, out = _write(tmp_path, ADVICE), tmp_path / "out"
    code, output = _run(plan_dir, "--scenario", folder, "--format", "html", "--advice", advice,
                        "-o", out)  # fmt: skip
    assert code == 0, output
    section = _section((out / "report.html").read_text(encoding="utf-8"))
    assert "<th>Rank</th><th>Change</th><th>Value gained</th><th>Sessions booked</th>" in section
    assert _rows(section) == [
        ["1", "Olena works 60 min longer on Mon 07 Dec (until 18:00)", "+1", "1 session",
         "60 therapist min"],
        ["2", "one more room with table on Tue 08 Dec", "+2", "1 session", "720 room min"],
        ["3", "Taras is trained in lymphatic", "not verified", "0 sessions", "no extra minutes"],
    ]  # fmt: skip
    # Neither the variant names nor the sessions booked (course ids) are shown.
    assert "co4#1" not in section and "shift-t1" not in section


def test_without_advice_the_report_is_unchanged(
    spa: tuple[Path, Scenario], plan_dir: Path, tmp_path: Path
) -> None:
    _folder, scenario = spa
    rows = read_advice_file(_write(tmp_path, ADVICE))
    export_plan(plan_dir, scenario, tmp_path / "plain", "html", ExportOptions(now=NOW))
    export_plan(plan_dir, scenario, tmp_path / "advised", "html",
                ExportOptions(now=NOW, advice=rows))  # fmt: skip
    plain = (tmp_path / "plain" / "report.html").read_text(encoding="utf-8")
    advised = (tmp_path / "advised" / "report.html").read_text(encoding="utf-8")
    assert ADVICE_TITLE not in plain
    assert advised.replace(advice_section(rows), "") == plain


def test_header_only_advice_says_no_change_helps() -> None:
    section = advice_section(())
    assert "No single change would book any of the unscheduled sessions." in section
    assert "<table>" not in section


def test_hostile_advice_text_is_escaped(
    spa: tuple[Path, Scenario], plan_dir: Path, tmp_path: Path
) -> None:
    _folder, scenario = spa
    hostile = f'{HEADER}\n1,x,"{HOSTILE_KIND.replace(chr(34), chr(34) * 2)}",{HOSTILE},1,1,1,30,\n'
    rows = read_advice_file(_write(tmp_path, hostile))
    export_plan(plan_dir, scenario, tmp_path / "out", "html", ExportOptions(advice=rows))
    html = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert "alert(3)</script>" not in html and "<img" not in html
    assert _rows(_section(html)) == [
        ["1", "&lt;/script&gt;&lt;script&gt;alert(3)&lt;/script&gt;", "+1", "1 session", "30 min"]
    ]


# What is wrong with the file -> its text (None: no file) and the message naming row and column.
BAD_FILES: dict[str, tuple[str | None, str]] = {
    "missing": (None, "advice.csv: error: file not found"),
    "empty": ("", "advice.csv: error: the file is empty"),
    "no-column": (
        ADVICE.replace(",cost_minutes", ",cost"),
        "advice.csv, row 1, column 'cost_minutes': error: missing required column",
    ),
    "not-a-number": (
        ADVICE.replace(",1,,0,0,", ",1,lots,0,0,"),
        "advice.csv, row 4, column 'verified_gain': error: expected a whole number, got 'lots'",
    ),
    "rank-twice": (
        ADVICE.replace("3,train", "1,train"),
        "advice.csv, row 4, column 'rank': error: rank 1 is given twice (also on row 3)",
    ),
    "no-words": (
        ADVICE.replace("Taras is trained in lymphatic", ""),
        "advice.csv, row 4, column 'description': error: expected the change in words",
    ),
    "negative-cost": (
        ADVICE.replace(",720,", ",-720,"),
        "advice.csv, row 2, column 'cost_minutes': error: expected a whole number of at least 0",
    ),
}


@pytest.mark.parametrize("fault", sorted(BAD_FILES))
def test_bad_advice_file_is_invalid_input_and_nothing_is_written(
    spa: tuple[Path, Scenario], plan_dir: Path, tmp_path: Path, fault: str
) -> None:
    folder, _scenario = spa
    text, message = BAD_FILES[fault]
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    advice = inputs / "advice.csv" if text is None else _write(inputs, text)
    exports = tmp_path / "exports"
    exports.mkdir()
    code, output = _run(plan_dir, "--scenario", folder, "--advice", advice,
                        "-o", exports / "out")  # fmt: skip
    assert code == 2, output
    assert f"{inputs}/{message}" in output
    assert f"can't export: the advice in {advice} can't be read" in output
    assert "Traceback" not in output
    assert list(exports.iterdir()) == []  # no export, no lock file, no staging folder


def test_a_folder_or_non_utf8_file_is_invalid_input(
    spa: tuple[Path, Scenario], plan_dir: Path, tmp_path: Path
) -> None:
    folder, _scenario = spa
    (tmp_path / "folder.csv").mkdir()
    (tmp_path / "latin1.csv").write_bytes(HEADER.encode() + b"\n1,v,k,\xe9t\xe9,1,1,1,0,\n")
    for name, expected in (("folder.csv", "expected a CSV file, found a folder"),
                           ("latin1.csv", "expected UTF-8 text")):  # fmt: skip
        code, output = _run(plan_dir, "--scenario", folder, "--advice", tmp_path / name,
                            "-o", tmp_path / "out")  # fmt: skip
        assert code == 2 and expected in output, output
        assert not (tmp_path / "out").exists()


def test_advice_without_the_html_format_is_refused(
    spa: tuple[Path, Scenario], plan_dir: Path, tmp_path: Path
) -> None:
    folder, scenario = spa
    advice = _write(tmp_path, ADVICE)
    code, output = _run(plan_dir, "--scenario", folder, "--format", "xlsx,csv", "--advice",
                        advice, "-o", tmp_path / "out")  # fmt: skip
    assert code == 2
    assert "--advice is shown only in the html report" in output
    assert not (tmp_path / "out").exists()
    with pytest.raises(ValueError, match="only in the html report"):
        export_plan(plan_dir, scenario, tmp_path / "out", "ics",
                    ExportOptions(advice=read_advice_file(advice)))  # fmt: skip
    assert not (tmp_path / "out").exists()


def test_what_advise_writes_the_reader_reads(tmp_path: Path) -> None:
    written = [
        Advice(Candidate("open-2026-12-07-late", "opening", "open until 22:00 on Mon 07 Dec",
                         {}, 120), 3, 2, (("co1", 1), ("co2", 4))),
        Advice(Candidate("second-daily-session", "client_day", "clients who ask may come "
                         "2 times a day", {}, 0), 1, None),
    ]  # fmt: skip
    write_advice(tmp_path, written)
    rows, problems = read_advice_csv(tmp_path / "advice.csv")
    assert problems == []
    assert rows == [
        AdviceRow(1, "open-2026-12-07-late", "opening", "open until 22:00 on Mon 07 Dec", 3, 2,
                  2, 120),
        AdviceRow(2, "second-daily-session", "client_day", "clients who ask may come 2 times "
                  "a day", 1, None, 0, 0),
    ]  # fmt: skip


def test_every_change_advise_proposes_has_its_cost_said_in_minutes_of_someone(
    make_scenario: ScenarioFactory,
) -> None:
    # Iryna lacks the specialty of the unscheduled course, so training her is proposed too.
    therapists = SPA_FILES["therapists.csv"] + "    t3,Iryna,lymphatic\n"
    scenario, _ = load_scenario(make_scenario({**SPA_FILES, "therapists.csv": therapists}))
    unscheduled = [UnscheduledSession("co4", 1, "c4", "relax", "")]
    found = candidates(scenario, unscheduled)
    assert {c.kind for c in found} == {
        "add_shift", "extend_shift", "room_day", "specialty", "opening", "client_day",
    }  # fmt: skip
    for change in found:
        row = AdviceRow(1, change.name, change.kind, change.description, 1, 1, 1,
                        change.cost_minutes)  # fmt: skip
        cost = _rows(advice_section([row]))[0][4]
        if change.cost_minutes == 0:
            assert cost == "no extra minutes", change
        else:
            assert re.fullmatch(r"\d+ (therapist|room) min", cost), (change, cost)
