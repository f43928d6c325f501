"""A whole output folder: what write_plan_folder writes, read_plan_folder reads back."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from planner.plan import Plan, Result, Status
from planner.plan.csvfiles import session_caution
from planner.plan.folder import (
    OUTPUT_FILES,
    PlanBundle,
    PlanFolderError,
    read_plan_folder,
    write_outputs,
    write_plan_folder,
)
from planner.scenario import load_scenario
from tests.export.conftest import SPA_FILES, UNSCHEDULED, hand_plan


def _result(plan: Plan) -> Result:
    return Result(Status.FEASIBLE, plan, 6, 0, 7, 1.5, 5)


@pytest.fixture
def scenario(make_scenario: Callable[..., Path]):
    return load_scenario(make_scenario(SPA_FILES))[0]


def test_a_written_folder_reads_back_as_the_same_bundle(scenario, tmp_path: Path) -> None:
    plan = Plan(tuple(hand_plan()), tuple(UNSCHEDULED)).sorted()
    bundle = PlanBundle.of_result(scenario, _result(plan))
    tmp_path.joinpath("out").mkdir()
    write_plan_folder(tmp_path / "out", scenario, bundle)
    again, warnings = read_plan_folder(tmp_path / "out", scenario)
    assert warnings == []
    assert again.summary == bundle.summary
    assert again.unscheduled == bundle.unscheduled
    # The caution flag is recomputed from the scenario; everything else is as written.
    assert list(again.sessions) == [
        replace(s, caution=session_caution(scenario, s)) for s in bundle.sessions
    ]
    assert any(s.caution for s in again.sessions)
    assert bundle.summary["scenario"] == scenario.settings.name


def test_write_outputs_replaces_the_three_files_and_keeps_the_rest(
    scenario, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    (out / "notes").mkdir(parents=True)
    (out / "notes" / "manager.txt").write_text("keep me", encoding="utf-8")
    (out / "plan.csv").write_text("an older plan", encoding="utf-8")
    write_outputs(out, scenario, _result(Plan(tuple(hand_plan()))))
    assert sorted(p.name for p in out.iterdir()) == sorted([*OUTPUT_FILES, "notes"])
    assert (out / "notes" / "manager.txt").read_text(encoding="utf-8") == "keep me"
    assert (out / "plan.csv").read_text(encoding="utf-8").startswith("course_id,session,")
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert (summary["status"], summary["scheduled_value"], summary["repaired"]) == (
        "feasible",
        6,
        [],
    )


def test_a_failed_write_leaves_the_previous_outputs(
    scenario, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    write_outputs(out, scenario, _result(Plan(tuple(hand_plan()))))
    before = {name: (out / name).read_bytes() for name in OUTPUT_FILES}

    def broken(path: Path, summary: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr("planner.plan.folder.write_summary_json", broken)
    with pytest.raises(OSError, match="disk full"):
        write_outputs(out, scenario, _result(Plan(())))
    assert {name: (out / name).read_bytes() for name in OUTPUT_FILES} == before


def test_a_folder_without_its_plan_is_an_error(scenario, tmp_path: Path) -> None:
    with pytest.raises(PlanFolderError) as info:
        read_plan_folder(tmp_path, scenario)
    assert [p.file for p in info.value.problems] == ["plan.csv"]
