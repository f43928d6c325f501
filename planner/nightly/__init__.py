"""The nightly job: stable re-planning against the last published plan, archived and exported."""

from planner.nightly.failure import NightlyFailure
from planner.nightly.freeze import Freeze, NotFrozen, freeze_plan, frozen_scenario
from planner.nightly.job import DEFAULT_FORMATS, REPORT_FILE, NightlyOptions, run_nightly
from planner.nightly.lock import (
    LOCK_TIMEOUT_SECONDS,
    NightlyLock,
    NightlyLocked,
    lock_path,
    nightly_lock,
    spa_lock,
)
from planner.nightly.logs import close_logging, configure_logging
from planner.nightly.report import NightlyReport

__all__ = [
    "DEFAULT_FORMATS",
    "LOCK_TIMEOUT_SECONDS",
    "REPORT_FILE",
    "Freeze",
    "NightlyFailure",
    "NightlyLock",
    "NightlyLocked",
    "NightlyOptions",
    "NightlyReport",
    "NotFrozen",
    "close_logging",
    "configure_logging",
    "freeze_plan",
    "frozen_scenario",
    "lock_path",
    "nightly_lock",
    "run_nightly",
    "spa_lock",
]
