"""Outputs never destroy inputs, and two writers into one folder never mix.

Every command that writes a folder refuses, with exit 2 and before anything is written (not even
a lock file), an output folder that is, holds or lies inside a scenario folder, plan folder or
archive it reads. A writer that finds the folder's lock held exits 4 and leaves the folder as it
was; the tests hold the lock in this process for the whole command, so no timing is involved.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from filelock import FileLock

from planner.cli import main
from planner.scenario import Scenario

Spa = tuple[Path, Scenario]


def _snapshot(root: Path) -> dict[str, bytes | None]:
    """Every file (with its bytes) and folder under ``root``, lock files included."""
    return {
        str(p.relative_to(root)): (p.read_bytes() if p.is_file() else None)
        for p in sorted(root.rglob("*"))
    }


def _refused(args: list[str], root: Path) -> str:
    """Run ``args``; it must exit 2 and leave everything under ``root`` as it was."""
    before = _snapshot(root)
    run = CliRunner().invoke(main, args)
    assert run.exit_code == 2, run.output
    assert _snapshot(root) == before, "nothing may be written"
    assert "this command reads" in run.output
    assert "Traceback" not in run.output
    return run.output


# (command line, which output) for a spa S and a plan folder P, both in the test's tmp_path.
Builder = Callable[[Path, Path, Path], list[str]]
FIT = ["--client", "c9", "--treatment", "relax", "--sessions", "1", "--choose", "1"]
CASES: dict[str, Builder] = {
    "solve": lambda s, p, out: ["solve", str(s), "-o", str(out)],
    "export": lambda s, p, out: ["export", str(p), "--scenario", str(s), "-o", str(out)],
    "fit": lambda s, p, out: ["fit", str(s), str(p), *FIT, "-o", str(out)],
    "advise": lambda s, p, out: ["advise", str(s), str(p), "-o", str(out)],
    "rollover": lambda s, p, out: ["rollover", str(s), str(p), "-o", str(out)],
    "batch": lambda s, p, out: ["batch", str(s), "-o", str(out)],
    "whatif": lambda s, p, out: ["whatif", str(s), str(p / "variants.toml"), "-o", str(out)],
    "nightly": lambda s, p, out: ["nightly", str(s), "--archive", str(p / "a.db"), "-o", str(out)],
}
READS_PLAN = {"export", "fit", "advise", "rollover"}


@pytest.mark.parametrize("command", sorted(CASES))
@pytest.mark.parametrize("where", ["is", "inside", "holds"])
def test_an_output_over_the_scenario_is_refused(
    command: str, where: str, spa: Spa, plan_dir: Path, tmp_path: Path
) -> None:
    scenario, _ = spa
    out = {"is": scenario, "inside": scenario / "out", "holds": tmp_path}[where]
    text = _refused(CASES[command](scenario, plan_dir, out), tmp_path)
    assert "folder" in text


@pytest.mark.parametrize("command", sorted(READS_PLAN))
@pytest.mark.parametrize("where", ["is", "inside"])
def test_an_output_over_the_plan_folder_is_refused(
    command: str, where: str, spa: Spa, plan_dir: Path, tmp_path: Path
) -> None:
    scenario, _ = spa
    out = {"is": plan_dir, "inside": plan_dir / "out"}[where]
    text = _refused(CASES[command](scenario, plan_dir, out), tmp_path)
    assert "the plan folder" in text


def test_export_into_its_own_plan_folder_keeps_the_plan(spa: Spa, plan_dir: Path) -> None:
    """The issue's case: this deleted plan.csv, unscheduled.csv and summary.json with exit 0."""
    scenario, _ = spa
    _refused(["export", str(plan_dir), "--scenario", str(scenario), "-o", str(plan_dir)], plan_dir)
    assert sorted(p.name for p in plan_dir.iterdir()) == [
        "plan.csv",
        "summary.json",
        "unscheduled.csv",
    ]


def test_a_symlink_to_the_scenario_is_the_scenario(spa: Spa, plan_dir: Path, tmp_path: Path):
    scenario, _ = spa
    link = tmp_path / "link"
    link.symlink_to(scenario, target_is_directory=True)
    args = ["export", str(plan_dir), "--scenario", str(scenario), "-o", str(link)]
    assert str(scenario.resolve()) in _refused(args, tmp_path)


def test_an_export_folder_holding_the_archive_is_refused(spa: Spa, tmp_path: Path) -> None:
    """nightly and fit replace their output folder as a whole: an archive in it would go."""
    scenario, _ = spa
    exports = tmp_path / "exports"
    exports.mkdir()
    archive = exports / "plans.db"
    archive.write_bytes(b"")
    nightly = ["nightly", str(scenario), "--archive", str(archive), "-o", str(exports)]
    assert "the archive" in _refused(nightly, tmp_path)
    fit = ["fit", str(scenario), "--archive", str(archive), *FIT, "-o", str(exports)]
    assert "the archive" in _refused(fit, tmp_path)


def test_explain_writes_its_plan_folder_but_not_inside_the_scenario(
    spa: Spa, plan_dir: Path, tmp_path: Path
) -> None:
    scenario, _ = spa
    inside = scenario / "plan"
    plan_dir.rename(inside)
    assert "PLAN_DIR" in _refused(["explain", str(scenario), str(inside)], tmp_path)


def test_an_unrelated_output_folder_is_written(spa: Spa, plan_dir: Path, tmp_path: Path) -> None:
    scenario, _ = spa
    out = tmp_path / "exports"
    run = CliRunner().invoke(
        main, ["export", str(plan_dir), "--scenario", str(scenario), "-o", str(out)]
    )
    assert run.exit_code == 0, run.output
    assert (out / "manifest.json").exists()


# Two writers: the lock held by this process, the command run as another process.


def _planner(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "200"}
    return subprocess.run(
        [sys.executable, "-m", "planner", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


QUICK = ["--time-limit", "2", "--deterministic", "--workers", "1"]
LOCKED_CASES: dict[str, Builder] = {
    "solve": lambda s, p, out: ["solve", str(s), "-o", str(out), *QUICK],
    "export": CASES["export"],
    "fit": CASES["fit"],
    "batch": lambda s, p, out: ["batch", str(s), "-o", str(out), *QUICK, "--jobs", "1"],
    "generate": lambda s, p, out: ["generate", str(out), "--force", "--courses", "3"],
}


@pytest.mark.parametrize("command", sorted(LOCKED_CASES))
def test_a_second_writer_into_a_locked_folder_exits_4_and_writes_nothing(
    command: str, spa: Spa, plan_dir: Path, tmp_path: Path
) -> None:
    scenario, _ = spa
    out = tmp_path / "out"
    out.mkdir()
    (out / "earlier.txt").write_text("an earlier writer's file\n", encoding="utf-8")
    before = _snapshot(out)
    with FileLock(str(tmp_path / ".out.lock")):
        run = _planner(LOCKED_CASES[command](scenario, plan_dir, out), tmp_path)
    assert run.returncode == 4, run.stdout + run.stderr
    assert str(out) in " ".join((run.stdout + run.stderr).split())
    assert "Traceback" not in run.stderr
    assert _snapshot(out) == before


def test_explain_holds_the_plan_folder_lock(spa: Spa, plan_dir: Path, tmp_path: Path) -> None:
    scenario, _ = spa
    before = _snapshot(plan_dir)
    with FileLock(str(plan_dir.parent / f".{plan_dir.name}.lock")):
        run = _planner(["explain", str(scenario), str(plan_dir)], tmp_path)
    assert run.returncode == 4, run.stdout + run.stderr
    assert _snapshot(plan_dir) == before
