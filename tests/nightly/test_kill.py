"""A nightly run killed with SIGKILL leaves the published exports and archive as they were."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from planner.archive import Archive

ROOT = Path(__file__).resolve().parents[2]
FIRST_NOW = "2026-12-07T07:00"
SECOND_NOW = "2026-12-08T12:00"

# Runs ``planner`` with the export writer stalled after writing everything into its temporary
# folder: the worst moment to die, just before the folder is swapped into place.
STALLED_RUN = """
import pathlib, sys, time
import planner.export as export

real = export.write_exports
marker = pathlib.Path(sys.argv[1])

def stalled(folder, *args, **kwargs):
    files = real(folder, *args, **kwargs)
    marker.write_text(str(folder), encoding="utf-8")
    time.sleep(120)
    return files

export.write_exports = stalled
from planner.cli import main
sys.argv = ["planner", *sys.argv[2:]]
main()
"""


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def test_sigkill_during_publish_leaves_the_previous_export(
    spa_week: Path, tmp_path: Path, archive_url: str, add_course, nightly
) -> None:
    assert nightly(spa_week, FIRST_NOW).exit_code == 0
    exports = tmp_path / "exports"
    before = snapshot(exports)
    add_course(spa_week)

    marker = tmp_path / "stalled"
    args = [str(spa_week), "--archive", archive_url, "-o", str(exports)]
    args += ["--now", SECOND_NOW, "--time-limit", "3"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(
        [sys.executable, "-c", STALLED_RUN, str(marker), "nightly", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while not marker.exists():
            assert process.poll() is None, process.communicate()[0].decode()
            assert time.monotonic() < deadline, "the nightly run never reached its exports"
            time.sleep(0.1)
        staging = Path(marker.read_text(encoding="utf-8"))
        assert staging.parent == exports.parent and (staging / "plan.csv").is_file()
    finally:
        os.kill(process.pid, signal.SIGKILL)
        process.wait()

    assert snapshot(exports) == before
    with Archive(archive_url) as archive:
        runs = archive.runs()
        published = archive.last_published("Spa Podil nightly")
    assert [r.published for r in runs] == [True, False]  # archived, never published
    assert published is not None and published.id == runs[0].id

    # The lock died with the process: the next run works, and clears the leftovers.
    after = nightly(spa_week, SECOND_NOW, "--formats", "csv")
    assert after.exit_code == 0, after.output
    assert "previous published plan: run 1" in after.output
    assert not staging.exists()
    assert snapshot(exports) != before
