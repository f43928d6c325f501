"""The plan archive: runs kept in SQL, listed by `planner history`, compared by `planner diff`."""

from planner.archive.database import is_postgresql, resolve_archive_url, sqlite_file
from planner.archive.diff import (
    Change,
    PlanDiff,
    PlanReadError,
    SessionChange,
    diff_plans,
    read_plan_file,
)
from planner.archive.hashing import CONTRACT_FILES, scenario_hash
from planner.archive.horizon import PublishedHorizon, run_spa
from planner.archive.records import ArchivedSession, RunInfo
from planner.archive.store import (
    KINDS,
    Archive,
    ArchiveError,
    record_result,
    scenario_counts,
    scenario_name,
    spa_name,
)

__all__ = [
    "CONTRACT_FILES",
    "KINDS",
    "Archive",
    "ArchiveError",
    "ArchivedSession",
    "Change",
    "PlanDiff",
    "PlanReadError",
    "PublishedHorizon",
    "RunInfo",
    "SessionChange",
    "diff_plans",
    "is_postgresql",
    "read_plan_file",
    "record_result",
    "resolve_archive_url",
    "run_spa",
    "scenario_counts",
    "scenario_hash",
    "scenario_name",
    "spa_name",
    "sqlite_file",
]
