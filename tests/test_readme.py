"""The README's "From Python" example runs as written, and its plan passes ``planner check``."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def from_python_block() -> str:
    """The one ```python block of the README's ``## From Python`` section."""
    readme = ROOT.joinpath("README.md").read_text(encoding="utf-8")
    section = readme.split("\n## From Python\n", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```python\n(.*?)```", section, flags=re.DOTALL)
    assert len(blocks) == 1, "the section holds exactly one python block"
    return str(blocks[0])


def test_the_from_python_example_runs_as_written(tmp_path: Path) -> None:
    code = from_python_block()
    assert "subprocess" not in code and "import planner" in code
    # Run where a fresh clone would: beside scenarios/, writing into out/ (here: a copy's cwd).
    (tmp_path / "scenarios").symlink_to(ROOT / "scenarios", target_is_directory=True)
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    assert re.search(r"scheduled value \d+", done.stdout)
    plan = tmp_path / "out" / "python-demo" / "plan.csv"
    assert plan.is_file()
    checked = subprocess.run(
        [sys.executable, "-m", "planner", "check", "scenarios/demo-week", str(plan)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
