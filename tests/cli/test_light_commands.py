"""Commands that don't solve start fast: they never import the solver, Dask or plotly; and a
command that solves keeps the solver in its child process, so its own memory stays small.

Each command runs in a fresh interpreter (``sys.modules`` there starts empty), as a spa manager
or a cron job runs it.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from planner.archive import Archive
from planner.plan import Plan
from planner.scenario import load_scenario

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "scenarios" / "demo-week"
HEAVY = ("ortools", "dask", "distributed", "plotly")

_RUN = """
import json, sys
from planner.cli import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
print(json.dumps([name for name in {heavy!r} if name in sys.modules]), file=sys.stderr)
"""


def _heavy_modules_loaded(*args: str | Path) -> list[str]:
    """The heavy packages present in ``sys.modules`` after ``planner ARGS`` ran."""
    code = _RUN.format(heavy=HEAVY)
    done = subprocess.run(
        [sys.executable, "-c", code, *map(str, args)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    last = done.stderr.strip().splitlines()[-1]
    loaded: list[str] = json.loads(last)
    return loaded


@pytest.fixture(scope="module")
def plan_files(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """An empty plan.csv and an archive holding one run of the demo week."""
    folder = tmp_path_factory.mktemp("light")
    header = "course_id,session,client_id,treatment_id,therapist_id,room_id,start,end\n"
    (folder / "plan.csv").write_text(header, encoding="utf-8")
    scenario, _ = load_scenario(DEMO)
    with Archive(folder / "plans.db") as archive:
        archive.record(scenario, DEMO, Plan(()), "import")
    return folder / "plan.csv", folder / "plans.db"


def test_help_lists_every_command_without_loading_them() -> None:
    assert _heavy_modules_loaded("--help") == []


def test_validate_is_light() -> None:
    assert _heavy_modules_loaded("validate", DEMO) == []


def test_check_is_light(plan_files: tuple[Path, Path]) -> None:
    plan, _ = plan_files
    assert _heavy_modules_loaded("check", DEMO, plan) == []


def test_history_is_light(plan_files: tuple[Path, Path]) -> None:
    _, archive = plan_files
    assert _heavy_modules_loaded("history", "--archive", archive) == []


def test_diff_is_light(plan_files: tuple[Path, Path]) -> None:
    plan, archive = plan_files
    assert _heavy_modules_loaded("diff", "1", plan, "--archive", archive) == []


def test_solve_keeps_the_solver_out_of_its_own_process(tmp_path: Path) -> None:
    # The plan is written, so CP-SAT ran: in the solve's child process (planner.isolated).
    tiny = ROOT / "scenarios" / "rules" / "pinned"
    out = tmp_path / "out"
    loaded = _heavy_modules_loaded("solve", tiny, "-o", out, "--time-limit", "2", "--quiet")
    assert "ortools" not in loaded
    assert (out / "plan.csv").is_file()
    # The measurement itself: a command that draws must show up as heavy.
    drawn = _heavy_modules_loaded(
        "export", out, "--scenario", tiny, "--format", "html", "-o", tmp_path / "report"
    )
    assert "plotly" in drawn
    assert (tmp_path / "report" / "report.html").is_file()


def test_batch_and_nightly_keep_the_solver_out_of_their_own_process(tmp_path: Path) -> None:
    tiny = ROOT / "scenarios" / "rules" / "pinned"
    out = tmp_path / "batch"
    batch = _heavy_modules_loaded("batch", tiny, "-o", out, "--time-limit", "2", "--quiet")
    assert "ortools" not in batch
    assert (out / "pinned" / "plan.csv").is_file()
    exports = tmp_path / "exports"
    nightly = _heavy_modules_loaded(
        "nightly",
        tiny,
        "--archive",
        tmp_path / "plans.db",
        "-o",
        exports,
        "--time-limit",
        "2",
        "--formats",
        "csv",
        "--now",
        "2026-12-06T20:00",
        "--freeze-hours",
        "0",
    )
    assert "ortools" not in nightly
    assert (exports / "plan.csv").is_file()
