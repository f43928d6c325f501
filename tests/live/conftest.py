"""Fixtures of the live spa's tests: the demo week with its first plan published (made once per
test session by a deterministic nightly), and each test's own copy of it."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest

from planner.live import LiveSpa
from planner.nightly.job import NightlyOptions, run_nightly

DEMO = Path(__file__).resolve().parents[2] / "scenarios" / "demo-week"
# Monday morning of the demo week, before the spa opens.
NOW = datetime(2026, 12, 7, 8, 0)


@dataclass(frozen=True)
class Spa:
    """A spa's scenario folder, archive and exports folder."""

    scenario: Path
    archive: Path
    exports: Path

    def live(self) -> LiveSpa:
        """The live spa of these folders at the test clock."""
        return LiveSpa(self.scenario, self.archive, self.exports, now=NOW, lock_wait=5)


@pytest.fixture(scope="session")
def published(tmp_path_factory: pytest.TempPathFactory) -> Spa:
    """The demo week with its first plan published."""
    root = tmp_path_factory.mktemp("live-published")
    spa = Spa(root / "demo-week", root / "archive.sqlite", root / "exports")
    shutil.copytree(DEMO, spa.scenario)
    run_nightly(
        NightlyOptions(spa.scenario, str(spa.archive), spa.exports,
                       now=datetime(2026, 12, 7, 7, 0), time_limit=5, deterministic=True)
    )  # fmt: skip
    return spa


@pytest.fixture
def spa(published: Spa, tmp_path: Path) -> Spa:
    """This test's own copy of the published demo week."""
    copy = Spa(tmp_path / "demo-week", tmp_path / "archive.sqlite", tmp_path / "exports")
    shutil.copytree(published.scenario, copy.scenario)
    shutil.copy2(published.archive, copy.archive)
    shutil.copytree(published.exports, copy.exports)
    return copy
