"""What the archive hands out, and a run as ``planner history --json`` lists it."""

from __future__ import annotations

import json
from pathlib import Path

from planner.archive import Archive, run_document
from planner.plan import Plan
from planner.scenario.types import Scenario


def test_a_run_document_holds_the_run_and_its_summary(
    scenario_folder: Path, scenario: Scenario, small_plan: Plan, tmp_path: Path
) -> None:
    with Archive(tmp_path / "plans.db") as archive:
        run_id = archive.record(scenario, scenario_folder, small_plan, "import",
                                note="by hand")  # fmt: skip
        run = archive.run(run_id)
    document = run_document(run)
    assert json.loads(json.dumps(document)) == document
    assert {k: document[k] for k in ("id", "scenario_name", "kind", "status", "published")} == {
        "id": run_id, "scenario_name": "tiny", "kind": "import", "status": "given",
        "published": True,
    }  # fmt: skip
    assert document["note"] == "by hand"
    assert document["created_at"] == run.created_at.isoformat()
    assert document["scenario_hash"] == run.scenario_hash
    assert document["summary"]["sessions_scheduled"] == 3
