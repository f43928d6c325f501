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
from planner.archive.filing import scenario_counts, scenario_name, spa_name
from planner.archive.hashing import CONTRACT_FILES, scenario_hash
from planner.archive.horizon import PublishedHorizon, run_spa
from planner.archive.published import NoPublishedPlan, published_plan
from planner.archive.records import ArchivedSession, RunInfo, run_document
from planner.archive.store import (
    KINDS,
    Archive,
    ArchiveError,
    record_result,
)

__all__ = [
    "CONTRACT_FILES",
    "KINDS",
    "Archive",
    "ArchiveError",
    "ArchivedSession",
    "Change",
    "NoPublishedPlan",
    "PlanDiff",
    "PlanReadError",
    "PublishedHorizon",
    "RunInfo",
    "SessionChange",
    "diff_plans",
    "is_postgresql",
    "published_plan",
    "read_plan_file",
    "record_result",
    "resolve_archive_url",
    "run_document",
    "run_spa",
    "scenario_counts",
    "scenario_hash",
    "scenario_name",
    "spa_name",
    "sqlite_file",
]
