"""Writes a solve's outputs (plan.csv, unscheduled.csv, summary.json), all or nothing."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

from planner.model.result import Result
from planner.plan_io import write_plan_csv, write_unscheduled_csv
from planner.scenario.types import Scenario

OUTPUT_FILES = ("plan.csv", "unscheduled.csv", "summary.json")


def write_outputs(folder: Path | str, scenario: Scenario, result: Result) -> None:
    """Write the three outputs of ``result`` into ``folder`` (created if needed).

    All three are written to a temporary folder first and moved in only when complete, so an
    interrupted run never leaves a plan beside the summary of another.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".planner-", dir=folder))
    try:
        write_plan_csv(staging / "plan.csv", scenario, result.plan.sessions)
        write_unscheduled_csv(staging / "unscheduled.csv", result.plan.unscheduled)
        summary = {"scenario": scenario.settings.name, **result.summary()}
        (staging / "summary.json").write_text(
            json.dumps(summary, indent=2) + "\n", encoding="utf-8"
        )
        for name in OUTPUT_FILES:
            os.replace(staging / name, folder / name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
