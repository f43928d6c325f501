"""The public API: ``import planner`` stays light, every name is there and documented, and the
functions do what the commands do (a checked solve, the checker, output folders, exports)."""

from __future__ import annotations

import json
import pkgutil
import pydoc
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

import planner
from planner.scenario.builder import ScenarioBuilder

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ("ortools", "dask", "distributed", "plotly")
MON = date(2026, 12, 7)


def test_import_planner_loads_no_solver_dask_or_plotly() -> None:
    code = (
        "import json, sys, planner\n"
        "planner.Scenario, planner.ScenarioBuilder, planner.Result, planner.Archive\n"
        f"print(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert json.loads(done.stdout) == []


def test_every_public_name_resolves_and_is_documented() -> None:
    undocumented = [name for name in planner.__all__ if not getattr(planner, name).__doc__]
    assert undocumented == []
    assert set(planner.__all__) <= set(dir(planner))


def test_help_lists_the_public_api() -> None:
    text = pydoc.render_doc(planner, renderer=pydoc.plaintext)
    for name in ("solve", "load_scenario", "check_plan", "ScenarioBuilder", "write_plan_folder"):
        assert f"\n    {name}(" in text or f"class {name}" in text, name


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'sovle'"):
        planner.sovle  # noqa: B018


def test_no_public_name_shadows_a_module_of_the_package() -> None:
    # ``import planner.check`` sets ``planner.check`` to the package: a function of that name
    # would be replaced by it as soon as anything imported the package.
    modules = {m.name for m in pkgutil.iter_modules(planner.__path__)}
    assert modules & set(planner.__all__) == set()


def test_the_unchecked_model_solve_is_not_offered_as_the_entry_point() -> None:
    import planner.model

    assert "solve" not in planner.model.__all__


def tiny() -> planner.Scenario:
    b = ScenarioBuilder("tiny", start=MON, days=2)
    b.add_therapist("t1", "Olena", specialties=["relaxing"], shifts=[(MON, "09:00", "11:00")])
    b.add_room("r1", equipment=["table"])
    b.add_treatment("relax", specialty="relaxing", duration=60, equipment=["table"])
    for client in ("c1", "c2", "c3"):
        b.add_client(client)
        b.add_course(f"k-{client}", client, "relax", 1)
    return b.build()


@pytest.fixture(scope="module")
def solved() -> tuple[planner.Scenario, planner.Result]:
    scenario = tiny()
    return scenario, planner.solve(scenario, time_limit=5, workers=1, deterministic=True)


def test_solve_returns_a_checked_plan(solved: tuple[planner.Scenario, planner.Result]) -> None:
    scenario, result = solved
    report = planner.check_plan(scenario, result)
    # One therapist for two hours: one 75-minute first session (with its assessment) fits.
    assert report.valid and result.sessions_scheduled == 1
    assert report.score is not None
    assert report.score.scheduled_value == result.scheduled_value
    assert len(result.plan.unscheduled) == 2


def test_the_isolated_solve_gives_the_same_plan(
    solved: tuple[planner.Scenario, planner.Result],
) -> None:
    scenario, result = solved
    seen: list[int] = []
    isolated = planner.solve(
        scenario,
        time_limit=5,
        workers=1,
        deterministic=True,
        isolated=True,
        progress=lambda p: seen.append(p.scheduled_value),
    )
    assert isolated.plan.sessions == result.plan.sessions


def test_explain_names_a_reason_for_every_unscheduled_session(
    solved: tuple[planner.Scenario, planner.Result],
) -> None:
    scenario, result = solved
    rows = planner.explain(scenario, result)
    assert {(r.course_id, r.session) for r in rows} == {
        (u.course_id, u.session) for u in result.plan.unscheduled
    }
    assert all(r.reason for r in rows)


def test_an_output_folder_reads_back_as_written(
    solved: tuple[planner.Scenario, planner.Result], tmp_path: Path
) -> None:
    scenario, result = solved
    (tmp_path / "notes.txt").write_text("kept", encoding="utf-8")
    folder = planner.write_plan_folder(tmp_path, scenario, result)
    bundle, warnings = planner.read_plan_folder(folder, scenario)
    assert warnings == []
    assert bundle.sessions == result.plan.sessions
    assert bundle.summary["scheduled_value"] == result.scheduled_value
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "kept"
    assert planner.check_plan(scenario, bundle).valid


def test_export_plan_takes_a_result_or_an_output_folder(
    solved: tuple[planner.Scenario, planner.Result], tmp_path: Path
) -> None:
    scenario, result = solved
    from_result = planner.export_plan(result, scenario, tmp_path / "a", "csv")
    planner.write_plan_folder(tmp_path / "plan", scenario, result)
    from_folder = planner.export_plan(tmp_path / "plan", scenario, tmp_path / "b", ["csv"])
    assert from_result.files == from_folder.files and "manifest.json" in from_result.files


def test_a_plan_that_breaks_a_rule_fails_the_check(
    solved: tuple[planner.Scenario, planner.Result],
) -> None:
    from dataclasses import replace

    scenario, result = solved
    moved = [replace(s, start=s.start + 23 * 60) for s in result.plan.sessions]  # 08:xx next day
    report = planner.check_plan(scenario, moved)
    assert not report.valid and report.violations


def test_roll_over_carries_the_sessions_still_owed(
    solved: tuple[planner.Scenario, planner.Result],
) -> None:
    scenario, result = solved
    nxt = planner.roll_over(scenario, result)
    assert nxt.scenario.settings.start == date(2026, 12, 9)
    assert sum(owed for _, owed in nxt.carried) == 2


def test_the_api_reference_documents_every_public_function() -> None:
    import planner.api

    page = ROOT.joinpath("docs", "api.md").read_text(encoding="utf-8")
    missing = [name for name in planner.api.__all__ if f"::: planner.api.{name}" not in page]
    assert missing == []
