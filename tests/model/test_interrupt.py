"""Ctrl-C and SIGTERM end a long ``planner solve`` early, and the best plan found is still written.

A spa manager who stops a two-minute search (or a scheduler that terminates it) must get a
complete, valid plan marked as stopped early, not a traceback and not half-written files.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from planner.check import check_plan_file
from planner.generate import generate_scenario

# Seconds the solve runs before it is stopped, and how long it may take to wind up after.
RUN_BEFORE_STOP = 4.0
STOP_WITHIN = 15.0
# CP-SAT's search log line that shows the search (and so the signal handling) has begun.
SEARCH_STARTED = "Starting CP-SAT solver"


def _wait_until_searching(process: subprocess.Popen[bytes], log: Path, started: float) -> None:
    """Wait at least ``RUN_BEFORE_STOP`` seconds and until CP-SAT has started searching.

    Waiting for the log line keeps the test honest on a busy machine, where loading might take
    longer than usual: a signal before the search starts would test something else.
    """
    deadline = started + 60.0
    while time.monotonic() < deadline:
        assert process.poll() is None, "the solve ended before it could be stopped"
        elapsed = time.monotonic() - started
        if elapsed >= RUN_BEFORE_STOP and SEARCH_STARTED in log.read_text(errors="replace"):
            return
        time.sleep(0.2)
    pytest.fail("the search did not start within 60 s")


@pytest.mark.slow
@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_stopping_the_solve_still_writes_the_best_plan(tmp_path: Path, signum: signal.Signals):
    folder = generate_scenario(
        tmp_path / "spa",
        therapists=15,
        rooms=8,
        courses=None,
        days=7,
        seed=3,
        tightness=0.9,
    )
    out = tmp_path / "out"
    log = tmp_path / "solve.log"
    command = [
        sys.executable,
        "-m",
        "planner",
        "solve",
        str(folder),
        "-o",
        str(out),
        "--time-limit",
        "120",
        "--no-deterministic",
        "--workers",
        "1",
        "--log",
    ]
    with log.open("wb") as stdout:
        started = time.monotonic()
        process = subprocess.Popen(command, stdout=stdout, stderr=subprocess.PIPE)
        try:
            _wait_until_searching(process, log, started)
            process.send_signal(signum)
            stopped = time.monotonic()
            _, stderr = process.communicate(timeout=STOP_WITHIN)
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
    waited = time.monotonic() - stopped

    assert process.returncode == 0, stderr.decode(errors="replace")
    assert waited < STOP_WITHIN
    for name in ("plan.csv", "unscheduled.csv", "summary.json"):
        assert (out / name).is_file(), name
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["status"] == "feasible"
    assert summary["interrupted"] is True
    assert summary["sessions_scheduled"] > 0
    assert summary["solve_seconds"] < 60
    report = check_plan_file(folder, out / "plan.csv")
    assert report.valid, (report.violations, report.problems)
    assert report.score is not None
    assert report.score.scheduled_value == summary["scheduled_value"]
