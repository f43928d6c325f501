"""A real export killed with SIGKILL half-way leaves the previous export as it was."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from planner.export import export_plan
from planner.scenario import Scenario

# Runs the real export; the html writer is wrapped so the child writes the workbook and the
# calendars, then the report, then waits to be killed before publishing.
_KILLED_EXPORT = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    import planner.export as export
    from planner.scenario import load_scenario

    scenario_dir, plan_dir, out, marker = map(Path, sys.argv[1:5])
    real_html = export.WRITERS["html"]

    def html_then_wait(job):
        written = real_html(job)
        marker.write_text("half-way", encoding="utf-8")
        time.sleep(60)
        return written

    export.WRITERS["html"] = html_then_wait
    scenario, _ = load_scenario(scenario_dir)
    export.export_plan(plan_dir, scenario, out, "xlsx,ics,html,csv")
    """
)


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_killed_export_keeps_previous_export_and_leaves_no_partial_target(
    spa: tuple[Path, Scenario], plan_dir: Path, tmp_path: Path
) -> None:
    scenario_dir, scenario = spa
    out = tmp_path / "published"
    export_plan(plan_dir, scenario, out, "ics,csv")
    before = _tree(out)
    assert "calendars/t1.ics" in before and "plan.xlsx" not in before

    marker = tmp_path / "marker"
    child = subprocess.Popen(
        [
            sys.executable,
            "-c",
            _KILLED_EXPORT,
            str(scenario_dir),
            str(plan_dir),
            str(out),
            str(marker),
        ],
        cwd=Path(__file__).resolve().parents[2],
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 60
    while not marker.exists():
        if child.poll() is not None:
            pytest.fail(
                f"the export ended early: {child.communicate()[1].decode(errors='replace')}"
            )
        if time.monotonic() > deadline:
            child.kill()
            pytest.fail("the export never reached the report")
        time.sleep(0.05)
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)

    assert _tree(out) == before  # nothing of the killed export (no plan.xlsx, no report.html)
    staged = [p for p in tmp_path.iterdir() if p.name.startswith(".published.tmp-")]
    assert staged, "the killed export should have been writing beside the target"
    assert (staged[0] / "plan.xlsx").exists()

    # The next export succeeds and clears what the killed one left.
    export_plan(plan_dir, scenario, out, "xlsx,ics,html,csv")
    assert (out / "plan.xlsx").exists() and (out / "report.html").exists()
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.startswith(".published.")]
    assert leftovers == [".published.lock"]
