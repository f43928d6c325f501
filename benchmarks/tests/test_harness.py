"""The benchmark harness itself: sizes, failure handling, targets and the report.

Run with ``python -m pytest benchmarks/tests -q`` from the repository root (a few seconds).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.launch import Outcome, run_worker
from benchmarks.run import main
from benchmarks.scenarios import SIZES, parse_sizes, scenario_folder
from benchmarks.summary import SizeRuns, summarise, targets


def test_sizes_parse_case_insensitively_and_reject_unknown_names() -> None:
    assert [s.name for s in parse_sizes("s, TIGHT,M")] == ["S", "tight", "M"]
    with pytest.raises(ValueError, match="unknown size 'XXL'"):
        parse_sizes("S,XXL")


@pytest.mark.parametrize("name", list(SIZES))
def test_each_size_lands_near_its_session_target(name: str) -> None:
    size = SIZES[name]
    sessions = sum(c.sessions for c in size.build().courses)
    assert abs(sessions - size.target_sessions) <= 0.1 * size.target_sessions


def test_a_crashing_run_is_recorded_not_raised(tmp_path: Path) -> None:
    outcome = run_worker(["solve", str(tmp_path / "missing"), "--limit", "1"], tmp_path / "r", 60)
    assert outcome.state == "crashed"
    assert "ScenarioError" in outcome.error
    assert outcome.peak_rss_mb > 0


def test_a_run_past_its_cap_is_stopped_and_recorded(tmp_path: Path) -> None:
    folder = scenario_folder(SIZES["tight"], tmp_path)
    outcome = run_worker(["solve", str(folder), "--limit", "30"], tmp_path / "r", 1.0)
    assert outcome.state == "timeout"
    assert outcome.wall_seconds < 10


def _solve(value: int, bound: int, status: str = "feasible", valid: bool = True) -> Outcome:
    data = {
        "status": status,
        "scheduled_value": value,
        "penalty": 0,
        "bound": bound,
        "gap": (bound - value) / bound,
        "solve_seconds": 3.0,
        "sessions_total": 10,
        "sessions_scheduled": 5,
        "first_plan_seconds": 0.5,
        "check": {"valid": valid, "violations": 0 if valid else 1, "violation_examples": [],
                  "checked_value": value, "checked_penalty": 0},
    }  # fmt: skip
    return Outcome("ok", 4.0, 100.0, 0, data=data)


def _probe(greedy_value: int) -> Outcome:
    return Outcome("ok", 1.0, 90.0, 0, data={"greedy": {"checked_value": greedy_value}})


def test_tight_target_compares_the_median_with_the_greedy_baseline() -> None:
    runs = SizeRuns(SIZES["tight"], "x", _probe(100), {30.0: [_solve(110, 120), _solve(120, 130),
                                                              _solve(125, 130)]})  # fmt: skip
    assert summarise(runs, 30.0).ratio == pytest.approx(1.2)
    verdict = {t.goal: t.met for t in targets({"tight": runs}) if t.size == "tight"}
    assert verdict == {"scheduled value ≥ 1.15 × greedy": True}


def test_an_invalid_plan_never_meets_a_target() -> None:
    runs = SizeRuns(SIZES["M"], "x", _probe(1), {30.0: [_solve(100, 100, valid=False)]})
    met = {t.goal: t.met for t in targets({"M": runs}) if t.size == "M"}
    assert met == {"gap ≤ 1 % at 30 s": False}


def test_a_timed_out_run_fails_its_target_and_unrun_sizes_are_not_measured() -> None:
    timeout = Outcome("timeout", 250.0, 3000.0, None, error="stopped at the cap")
    runs = SizeRuns(SIZES["L"], "x", _probe(1), {120.0: [timeout]})
    met = {t.goal: t.met for t in targets({"L": runs}) if t.size == "L"}
    assert met["gap ≤ 2 % at 120 s"] is False
    assert met["peak memory ≤ 2 GiB"] is False
    assert {t.met for t in targets({"L": runs}) if t.size == "XL"} == {None}


def test_the_benchmark_writes_a_report_with_checked_plans(tmp_path: Path) -> None:
    out = tmp_path / "BENCHMARKS.md"
    args = ["--sizes", "S", "--limits", "1", "--repeats", "1", "--out", str(out),
            "--cache", str(tmp_path / "cache")]  # fmt: skip
    assert main(args) == 0
    text = out.read_text(encoding="utf-8")
    assert "--sizes S --limits 1" in text
    assert "OR-Tools" in text
    # The S row of the results: one run, its plan passed the independent checker.
    row = next(line for line in text.splitlines() if line.startswith("| 1 | 1/1 ok"))
    assert "| 1/1 |" in row
    failures = text.split("## Failures and score disagreements")[1]
    assert "breaks hard rules" not in failures
    assert "crashed" not in failures
    assert "timeout" not in failures
