"""A solver that crashes mid-solve ends only its child process: each command says so in a
manager's words, keeps what was there before, and exits with its own code (6).

The child is killed from outside, as a SIGSEGV inside CP-SAT or the out-of-memory killer
would end it, once its search has found a first plan (see ``searching``).
"""

from __future__ import annotations

import csv
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from planner import exitcodes
from planner.archive import Archive
from planner.scenario import load_scenario
from tests.isolated.helpers import alive, parent_of, planner_command

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads processes in /proc"),
]

# Seconds a command may take to report a dead child and exit: generous for a busy machine.
REPORT_WITHIN = 60.0


def _finish(process: subprocess.Popen[bytes]) -> tuple[int, str]:
    try:
        _, err = process.communicate(timeout=REPORT_WITHIN)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    return process.returncode, err.decode(errors="replace")


@pytest.mark.parametrize("signum", [signal.SIGSEGV, signal.SIGKILL], ids=["sigsegv", "sigkill"])
def test_solve_reports_a_crashed_solver_and_keeps_out(
    long_spa: Path, tmp_path: Path, searching, signum: signal.Signals
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "plan.csv").write_text("the previous plan\n", encoding="utf-8")
    args = ["solve", long_spa, "-o", out, "--time-limit", "300", "--no-deterministic"]
    process = subprocess.Popen(
        planner_command(*args, "--workers", "1"), stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    [child] = searching(process)
    assert parent_of(child) == process.pid  # one direct child per solve
    os.kill(child, signum)
    code, err = _finish(process)

    assert code == exitcodes.CRASHED, err
    assert f"the solver crashed (its process was ended by {signum.name})" in err
    assert "nothing was written" in err
    assert "Traceback" not in err
    assert (out / "plan.csv").read_text(encoding="utf-8") == "the previous plan\n"
    assert sorted(p.name for p in out.iterdir()) == ["plan.csv"]


def _rows(out: Path) -> dict[str, dict[str, str]]:
    with (out / "comparison.csv").open(encoding="utf-8") as handle:
        return {row["scenario"]: row for row in csv.DictReader(handle)}


def test_batch_reports_the_crashed_solve_and_keeps_the_others(
    long_spa: Path, make_scenario, tmp_path: Path, searching
) -> None:
    small = make_scenario()
    out = tmp_path / "batch"
    args = ["batch", long_spa, small, "-o", out, "--time-limit", "120", "--jobs", "2"]
    process = subprocess.Popen(
        planner_command(*args, "--workers", "1"), stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    found = searching(process, name=_name(long_spa))
    [child] = [pid for pid, name in found.items() if name == _name(long_spa)]
    assert parent_of(child) == process.pid
    os.kill(child, signal.SIGKILL)
    code, err = _finish(process)

    assert code == exitcodes.CRASHED, err
    rows = _rows(out)
    assert rows[long_spa.name]["status"] == "crashed"
    assert "the solver crashed (its process was ended by SIGKILL)" in rows[long_spa.name]["error"]
    assert rows[small.name]["status"] == "optimal" and rows[small.name]["check"] == "ok"
    assert (out / small.name / "plan.csv").is_file()
    error = (out / long_spa.name / "error.txt").read_text(encoding="utf-8")
    assert error.startswith("the solver crashed")
    assert f"{long_spa.name}: the solver crashed" in err


def test_whatif_goes_on_after_the_base_solve_crashed(
    long_spa: Path, tmp_path: Path, searching
) -> None:
    variants = tmp_path / "variants.toml"
    variants.write_text(
        "[variants.slow-turnover]\nsettings = { turnover_minutes = 30 }\n", encoding="utf-8"
    )
    out = tmp_path / "whatif"
    args = ["whatif", long_spa, variants, "-o", out, "--time-limit", "4", "--workers", "1"]
    process = subprocess.Popen(
        planner_command(*args), stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    [child] = searching(process)  # the base is solved first, alone
    os.kill(child, signal.SIGSEGV)
    code, err = _finish(process)

    assert code == exitcodes.CRASHED, err
    rows = _rows_by_variant(out)
    assert rows["base"]["status"] == "crashed"
    assert "ended by SIGSEGV" in rows["base"]["error"]
    assert rows["slow-turnover"]["status"] in ("optimal", "feasible")
    assert rows["slow-turnover"]["check"] == "ok"


def _rows_by_variant(out: Path) -> dict[str, dict[str, str]]:
    with (out / "comparison.csv").open(encoding="utf-8") as handle:
        return {row["variant"]: row for row in csv.DictReader(handle)}


def _name(folder: Path) -> str:
    return load_scenario(folder)[0].settings.name


def test_a_killed_parent_takes_its_solver_child_with_it(
    long_spa: Path, tmp_path: Path, searching
) -> None:
    # A parent ended with SIGKILL can't stop its child: the kernel does (PR_SET_PDEATHSIG),
    # so no orphaned solver burns the cores until its time limit.
    args = ["solve", long_spa, "-o", tmp_path / "out", "--time-limit", "300"]
    process = subprocess.Popen(planner_command(*args), stderr=subprocess.DEVNULL)
    [child] = searching(process)
    process.kill()
    process.wait()
    deadline = time.monotonic() + REPORT_WITHIN
    while alive(child) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not alive(child)


def test_nightly_reports_a_crashed_solver_and_keeps_the_published_plan(
    long_spa: Path, tmp_path: Path, searching
) -> None:
    archive, exports, log = tmp_path / "plans.db", tmp_path / "exports", tmp_path / "nightly.log"
    common = [long_spa, "--archive", archive, "-o", exports, "--formats", "csv", "--log-file", log]
    first = subprocess.run(
        planner_command("nightly", *common, "--now", "2026-12-07T07:00", "--time-limit", "3"),
        capture_output=True,
        check=False,
    )
    assert first.returncode == 0, first.stderr.decode()
    published = (exports / "plan.csv").read_bytes()

    args = ["nightly", *common, "--now", "2026-12-08T07:00", "--time-limit", "300"]
    process = subprocess.Popen(
        planner_command(*args), stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    [child] = searching(process)
    assert parent_of(child) == process.pid
    os.kill(child, signal.SIGSEGV)
    code, err = _finish(process)

    assert code == exitcodes.CRASHED, err
    assert "the solver crashed (its process was ended by SIGSEGV)" in err
    assert "the previous plan stays published" in err
    assert "the solver crashed: its process died of SIGSEGV" in log.read_text(encoding="utf-8")
    assert (exports / "plan.csv").read_bytes() == published
    with Archive(archive) as opened:
        assert [r.published for r in opened.runs()] == [True]
