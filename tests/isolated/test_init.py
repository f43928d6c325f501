"""The one solve (:func:`planner.isolated.solve`): every caller plans through it, here or in a
child process, and a caller gets the same plan and the same ``Progress`` either way."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import planner
import planner.isolated
from planner.check import check_plan_file, check_sessions
from planner.cli import main
from planner.model import SolveOptions
from planner.whatif.runner import Job, solve_job

# Written into every solver child (``child_patch``): each call of the one solve there leaves a
# file ``<pid>-<n>`` in $PLANNER_TEST_ONE_SOLVE saying what it solved and how.
CHILD_SPY = """
    import itertools
    import os
    import pathlib

    import planner.isolated

    _real = planner.isolated.solve
    _folder = pathlib.Path(os.environ["PLANNER_TEST_ONE_SOLVE"])
    _count = itertools.count()


    def _spied(scenario, options=None, **how):
        reference = options is not None and options.reference is not None
        line = f"{scenario.settings.name} isolated={how.get('isolated', False)} ref={reference}"
        (_folder / f"{os.getpid()}-{next(_count)}").write_text(line, encoding="utf-8")
        return _real(scenario, options, **how)


    planner.isolated.solve = _spied
"""

Calls = list[tuple[str, bool]]


@pytest.fixture
def child_calls(
    tmp_path: Path, child_patch: Callable[[str], None], monkeypatch: pytest.MonkeyPatch
) -> Callable[[], list[str]]:
    """``child_calls()``: one line per call of the one solve in the solver children so far."""
    folder = tmp_path / "one-solve"
    folder.mkdir()
    monkeypatch.setenv("PLANNER_TEST_ONE_SOLVE", str(folder))
    child_patch(CHILD_SPY)
    return lambda: sorted(p.read_text(encoding="utf-8") for p in folder.iterdir())


@pytest.fixture
def parent_calls(monkeypatch: pytest.MonkeyPatch) -> Calls:
    """The calls of the one solve in this process: (scenario name, isolated), in order."""
    calls: Calls = []
    real = planner.isolated.solve

    def spied(scenario: planner.Scenario, options: Any = None, **how: Any) -> planner.Result:
        calls.append((scenario.settings.name, bool(how.get("isolated", False))))
        return real(scenario, options, **how)

    monkeypatch.setattr(planner.isolated, "solve", spied)
    return calls


def test_planner_solve_goes_through_the_one_solve_in_a_child(
    make_scenario, tmp_path: Path, parent_calls: Calls, child_calls: Callable[[], list[str]]
) -> None:
    folder, out = make_scenario(), tmp_path / "out"
    args = ["solve", str(folder), "-o", str(out), "--time-limit", "5", "--deterministic", "-q"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert parent_calls == [("tiny", True)]
    assert child_calls() == ["tiny isolated=False ref=False"]
    assert check_plan_file(folder, out / "plan.csv").valid


def test_the_nightly_replan_goes_through_the_one_solve_with_the_published_plan(
    make_scenario, tmp_path: Path, parent_calls: Calls, child_calls: Callable[[], list[str]]
) -> None:
    folder = make_scenario()
    common = ["nightly", str(folder), "--archive", str(tmp_path / "plans.db")]
    common += ["-o", str(tmp_path / "exports"), "--time-limit", "5", "--formats", "csv"]
    for now in ("2026-12-06T07:00", "2026-12-06T08:00"):
        result = CliRunner().invoke(main, [*common, "--now", now])
        assert result.exit_code == 0, result.output
    assert parent_calls == [("tiny", True), ("tiny", True)]
    # The second night re-plans with the first night's published plan as its reference.
    assert child_calls() == ["tiny isolated=False ref=False", "tiny isolated=False ref=True"]


def test_every_whatif_job_goes_through_the_one_solve(
    make_scenario, tmp_path: Path, child_calls: Callable[[], list[str]]
) -> None:
    folder, out = make_scenario(), tmp_path / "out"
    variants = tmp_path / "variants.toml"
    variants.write_text("[variants.urgent]\npriorities = { co1 = 5 }\n", encoding="utf-8")
    args = ["whatif", str(folder), str(variants), "-o", str(out), "--time-limit", "2"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    # The base, then the variant with the base's plan as its reference.
    assert child_calls() == ["tiny isolated=False ref=False", "tiny isolated=False ref=True"]
    for name in ("base", "urgent"):
        assert check_plan_file(out / name / "scenario", out / name / "plan.csv").valid


def test_a_cluster_job_goes_through_the_one_solve(
    make_scenario, child_calls: Callable[[], list[str]]
) -> None:
    # ``solve_job`` is what each Dask worker runs: the job's child process plans it.
    scenario, _ = planner.load_scenario(make_scenario())
    outcome = solve_job(Job("tiny", scenario, 2.0, 1, 0, deterministic=True))
    assert outcome.ok, outcome.error
    assert child_calls() == ["tiny isolated=False ref=False"]
    assert outcome.result is not None
    assert check_sessions(scenario, outcome.result.plan.sessions) == []


def test_an_isolated_solve_reports_the_same_progress_type_and_plan(make_scenario) -> None:
    scenario, _ = planner.load_scenario(make_scenario())
    seen: dict[bool, list[planner.Progress]] = {True: [], False: []}
    results = {}
    for isolated, reports in seen.items():
        options = SolveOptions(time_limit=5, workers=1, deterministic=True, progress=reports.append)
        results[isolated] = planner.isolated.solve(scenario, options, isolated=isolated)
    assert results[True].plan.sessions == results[False].plan.sessions
    for isolated, reports in seen.items():
        assert reports, f"no progress with isolated={isolated}"
        assert all(type(p) is planner.Progress for p in reports)
        assert reports[-1].scheduled_value == results[isolated].scheduled_value
