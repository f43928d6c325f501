"""Helpers of the isolation tests: the solver-child patch that marks a running search (used by
the ``searching`` fixture of tests/conftest.py), and reading processes from /proc (Linux).

A test then knows, on any machine however busy, that a solver child is mid-solve before it
signals it, and which process to signal.
"""

from __future__ import annotations

import sys
from pathlib import Path

# Written into the solver's child process (``child_patch``): once the search has found a first
# plan, ``<pid>`` appears in $PLANNER_TEST_SEARCHING holding the scenario's name.
SEARCHING = """
    import dataclasses
    import os
    import pathlib

    import planner.solving
    from planner.model import SolveOptions

    _real = planner.solving.solve
    _folder = pathlib.Path(os.environ["PLANNER_TEST_SEARCHING"])


    def _marked(scenario, options=None):
        options = options or SolveOptions()
        original = options.progress

        def progress(snapshot):
            marker = _folder / str(os.getpid())
            if not marker.exists():
                partial = marker.with_suffix(".tmp")
                partial.write_text(scenario.settings.name, encoding="utf-8")
                partial.replace(marker)
            if original is not None:
                original(snapshot)

        return _real(scenario, dataclasses.replace(options, progress=progress))


    planner.solving.solve = _marked
"""


def parent_of(pid: int) -> int:
    """The parent process id of ``pid`` (Linux: /proc)."""
    stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii")
    return int(stat.rsplit(")", 1)[1].split()[1])


def planner_command(*args: str | Path) -> list[str]:
    """``python -m planner ARGS`` with this interpreter."""
    return [sys.executable, "-m", "planner", *map(str, args)]


def alive(pid: int) -> bool:
    """True while ``pid`` runs (a zombie counts as ended)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text(encoding="ascii").rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"
