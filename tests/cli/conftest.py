"""The command tests use the fixtures of the packages they drive (archive, export)."""

from tests.archive.conftest import scenario, scenario_folder, small_plan
from tests.export.conftest import plan_dir, spa

__all__ = ["plan_dir", "scenario", "scenario_folder", "small_plan", "spa"]
