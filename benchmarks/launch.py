"""Run one worker measurement in a fresh subprocess under a wall-clock cap (and a memory cap).

Peak memory comes from the kernel's accounting of that one child (``wait4``), so it is right
even when the child crashes or is stopped at the cap. With a memory cap the resident memory of
the child's whole process group is polled, and the group is stopped once it passes the cap, before
the machine runs out of memory. Whatever happens, the caller gets an :class:`Outcome`; nothing
here raises for a failed measurement.
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
# The memory of the process group is read every this many polls (it scans /proc).
MEMORY_POLLS = 5
TAIL_CHARS = 600
PAGE_MB = os.sysconf("SC_PAGE_SIZE") / 2**20


@dataclass
class Outcome:
    """What one subprocess measurement gave.

    ``state`` is ``ok`` (the worker wrote its JSON), ``timeout`` (stopped at the wall-clock
    cap), ``memory`` (stopped at the memory cap) or ``crashed`` (exited without JSON, e.g. an
    exception or killed by the kernel for memory).
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


def group_rss_mb(group: int) -> float:
    """Resident memory of every process in process group ``group``, in MiB (Linux ``/proc``)."""
    total = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text(encoding="ascii", errors="replace")
        except OSError:
            continue  # ended meanwhile
        # Fields after the command name, which is in parentheses and may hold spaces.
        fields = stat.rsplit(")", 1)[-1].split()
        if len(fields) > 21 and int(fields[2]) == group:
            total += int(fields[21])
    return total * PAGE_MB


def _exit_code(status: int) -> int:
    if os.WIFSIGNALED(status):
        return -os.WTERMSIG(status)
    return os.WEXITSTATUS(status)


def run_worker(
    args: list[str], folder: Path, cap_seconds: float, memory_cap_mb: float | None = None
) -> Outcome:
    """Run ``python -m benchmarks.worker ARGS --out ...`` with files kept in ``folder``.

    Parameters
    ----------
    args
        Worker arguments (mode, scenario folder, options) without ``--out``.
    folder
        Where the worker's JSON, stdout and stderr go (created if missing).
    cap_seconds
        Wall-clock cap; past it the worker's process group is killed and the run is a timeout.
    memory_cap_mb
        Resident memory cap of the worker and its children together; past it the process group
        is killed and the run's state is ``memory``. None: no cap.
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
        stopped, polls = "", 0
        while True:
            pid, status, usage = os.wait4(child.pid, os.WNOHANG)
            if pid == child.pid:
                break
            polls += 1
            if time.perf_counter() - started > cap_seconds:
                stopped = f"stopped at the {cap_seconds:.0f} s wall-clock cap"
            elif memory_cap_mb is not None and polls % MEMORY_POLLS == 0:
                resident = group_rss_mb(child.pid)
                if resident > memory_cap_mb:
                    stopped = f"stopped at the {memory_cap_mb:.0f} MiB memory cap ({resident:.0f})"
            if stopped:
                os.killpg(child.pid, signal.SIGKILL)
                _, status, usage = os.wait4(child.pid, 0)
                break
            time.sleep(POLL_SECONDS)
    # Popen must not try to reap the child again.
    child.returncode = _exit_code(status)
    wall = time.perf_counter() - started
    peak = usage.ru_maxrss / 1024  # KiB on Linux
    if stopped:
        state = "timeout" if "wall-clock" in stopped else "memory"
        return Outcome(state, wall, peak, None, error=stopped)
    try:
        data = json.loads(result_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        error = _tail(folder / "stderr.txt") or f"exit code {child.returncode}, no result"
        return Outcome("crashed", wall, peak, child.returncode, error=error)
    return Outcome("ok", wall, peak, child.returncode, data=data)
