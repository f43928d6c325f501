"""Run one worker measurement in a fresh subprocess under a wall-clock cap.

Peak memory comes from the kernel's accounting of that one child (``wait4``), so it is right
even when the child crashes or is stopped at the cap. Whatever happens, the caller gets a
:class:`Outcome`; nothing here raises for a failed measurement.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
POLL_SECONDS = 0.1
TAIL_CHARS = 600


@dataclass
class Outcome:
    """What one subprocess measurement gave.

    ``state`` is ``ok`` (the worker wrote its JSON), ``timeout`` (stopped at the cap) or
    ``crashed`` (exited without JSON, e.g. an exception or killed for memory).
    """

    state: str
    wall_seconds: float
    peak_rss_mb: float
    returncode: int | None
    data: dict[str, Any] = field(default_factory=dict)
    error: str = ""


def _tail(path: Path) -> str:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""
    return text[-TAIL_CHARS:].strip()


def _exit_code(status: int) -> int:
    if os.WIFSIGNALED(status):
        return -os.WTERMSIG(status)
    return os.WEXITSTATUS(status)


def run_worker(args: list[str], folder: Path, cap_seconds: float) -> Outcome:
    """Run ``python -m benchmarks.worker ARGS --out ...`` with files kept in ``folder``.

    Parameters
    ----------
    args
        Worker arguments (mode, scenario folder, options) without ``--out``.
    folder
        Where the worker's JSON, stdout and stderr go (created if missing).
    cap_seconds
        Wall-clock cap; past it the worker's process group is killed and the run is a timeout.
    """
    folder.mkdir(parents=True, exist_ok=True)
    result_file = folder / "result.json"
    result_file.unlink(missing_ok=True)
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO), env.get("PYTHONPATH", "")) if p)
    command = [sys.executable, "-m", "benchmarks.worker", *args, "--out", str(result_file)]
    started = time.perf_counter()
    with open(folder / "stdout.txt", "wb") as out, open(folder / "stderr.txt", "wb") as err:
        # Its own session, so that the cap stops the worker and anything it started.
        child = subprocess.Popen(
            command, cwd=REPO, env=env, stdout=out, stderr=err, start_new_session=True
        )
        timed_out = False
        while True:
            pid, status, usage = os.wait4(child.pid, os.WNOHANG)
            if pid == child.pid:
                break
            if time.perf_counter() - started > cap_seconds:
                timed_out = True
                os.killpg(child.pid, signal.SIGKILL)
                _, status, usage = os.wait4(child.pid, 0)
                break
            time.sleep(POLL_SECONDS)
    # Popen must not try to reap the child again.
    child.returncode = _exit_code(status)
    wall = time.perf_counter() - started
    peak = usage.ru_maxrss / 1024  # KiB on Linux
    if timed_out:
        return Outcome(
            "timeout", wall, peak, None, error=f"stopped at the {cap_seconds:.0f} s wall-clock cap"
        )
    try:
        data = json.loads(result_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        error = _tail(folder / "stderr.txt") or f"exit code {child.returncode}, no result"
        return Outcome("crashed", wall, peak, child.returncode, error=error)
    return Outcome("ok", wall, peak, child.returncode, data=data)
