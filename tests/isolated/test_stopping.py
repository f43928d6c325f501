"""SIGTERM or SIGINT sent to a planner command's own process (not to its process group, as
systemd or ``kill PID`` does) stops its solver child, and the best plan is still written."""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from planner.archive import Archive
from planner.check import check_plan_file
from tests.isolated.helpers import planner_command

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads processes in /proc"),
]

# The promise to cron and systemd: the best plan is written within 15 s of the signal.
STOP_WITHIN = 15.0


def _stop(process: subprocess.Popen[bytes], signum: signal.Signals) -> tuple[float, str]:
    process.send_signal(signum)  # to this process only
    stopped = time.monotonic()
    try:
        _, err = process.communicate(timeout=STOP_WITHIN)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    return time.monotonic() - stopped, err.decode(errors="replace")


def test_sigterm_to_nightly_publishes_the_best_plan(
    long_spa: Path, tmp_path: Path, searching
) -> None:
    archive, exports = tmp_path / "plans.db", tmp_path / "exports"
    common = [long_spa, "--archive", archive, "-o", exports, "--formats", "csv"]
    log = tmp_path / "nightly.log"
    first = subprocess.run(
        planner_command("nightly", *common, "--now", "2026-12-07T07:00", "--time-limit", "3"),
        capture_output=True,
        check=False,
    )
    assert first.returncode == 0, first.stderr.decode()

    args = ["nightly", *common, "--now", "2026-12-08T07:00", "--time-limit", "300"]
    process = subprocess.Popen(
        planner_command(*args, "--log-file", log),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    searching(process)
    waited, err = _stop(process, signal.SIGTERM)

    assert process.returncode == 0, err
    assert waited < STOP_WITHIN
    summary = json.loads((exports / "summary.json").read_text(encoding="utf-8"))
    assert summary["interrupted"] is True and summary["status"] == "feasible"
    report = json.loads((exports / "nightly.json").read_text(encoding="utf-8"))
    with Archive(archive) as opened:
        runs = opened.runs()
    assert [r.published for r in runs] == [True, True]
    assert report["run_id"] == runs[1].id
    assert "stopped early by a signal" in log.read_text(encoding="utf-8")
    assert check_plan_file(long_spa, exports / "plan.csv").valid


def test_sigint_to_batch_stops_every_running_solve_with_its_best_plan(
    long_spa: Path, tmp_path: Path, searching
) -> None:
    second = shutil.copytree(long_spa, tmp_path / "long-spa-2")
    out = tmp_path / "batch"
    args = ["batch", long_spa, second, "-o", out, "--time-limit", "300", "--jobs", "2"]
    process = subprocess.Popen(
        planner_command(*args, "--workers", "1"), stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    deadline = time.monotonic() + 120
    while len(searching(process)) < 2 and time.monotonic() < deadline:
        time.sleep(0.2)
    waited, err = _stop(process, signal.SIGINT)

    assert process.returncode == 0, err
    assert waited < STOP_WITHIN
    for folder in (long_spa, second):
        summary = json.loads((out / folder.name / "summary.json").read_text(encoding="utf-8"))
        assert summary["interrupted"] is True
        assert check_plan_file(folder, out / folder.name / "plan.csv").valid
