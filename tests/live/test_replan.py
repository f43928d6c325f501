"""Re-plans of a live spa: proposed without writing, published as the nightly publishes, thrown
away without a trace, and refused when the plan changed since."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from planner.check import check_sessions
from planner.check.pin_check import load_releasing_bookings
from planner.live import LiveSpa, PlanChanged, ReplanJob, propose_replan, publish_replan
from planner.live.changes import therapist_off
from planner.live.replan import LiveProposal, replan_options
from planner.live.spa import folder_fingerprint
from planner.nightly.job import NightlyOptions
from planner.plan.csvfiles import read_plan_csv
from tests.live.conftest import Spa

WEDNESDAY = date(2026, 12, 9)


def _options(live: LiveSpa) -> NightlyOptions:
    return replan_options(live, time_limit=5, deterministic=True)


def _sick_proposal(spa: Spa) -> tuple[LiveSpa, LiveProposal]:
    live = spa.live()
    change = therapist_off(spa.scenario, live.snapshot().scenario, "t01", WEDNESDAY)
    return live, propose_replan(live, change, options=_options(live))


def _plan_rows(exports: Path) -> list[dict[str, str]]:
    with (exports / "plan.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _olena_on_wednesday(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    return [r for r in rows if r["therapist_id"] == "t01" and r["start"].startswith("2026-12-09")]


def test_a_sick_day_proposal_writes_nothing_and_says_what_changes(spa: Spa) -> None:
    before = folder_fingerprint(spa.scenario)
    plan_before = (spa.exports / "plan.csv").read_text("utf-8")
    assert _olena_on_wednesday(_plan_rows(spa.exports)), "the demo books Olena on Wednesday"
    live, proposal = _sick_proposal(spa)
    # Discarding is forgetting: neither the folder nor the exports nor the version moved.
    assert folder_fingerprint(spa.scenario) == before
    assert (spa.exports / "plan.csv").read_text("utf-8") == plan_before
    assert live.version() == proposal.version
    after = proposal.proposal.result.plan.sessions
    assert not [s for s in after if s.therapist_id == "t01" and 2 * 1440 <= s.start < 3 * 1440]
    # Every Wednesday session of Olena's is on the call list, moved or cancelled.
    listed = {(c.course_id, c.session) for c in proposal.proposal.calls}
    for row in _olena_on_wednesday(_plan_rows(spa.exports)):
        assert (row["course_id"], int(row["session"])) in listed, row
    assert proposal.moved or proposal.dropped
    assert 0 < proposal.share_changed <= 1


def test_publishing_a_sick_day_writes_the_folder_and_the_plan(spa: Spa) -> None:
    live, proposal = _sick_proposal(spa)
    report = publish_replan(live, proposal, note="sick day")
    assert report.run_id == live.version()
    scenario = load_releasing_bookings(spa.scenario)[0]
    assert not [
        s for s in scenario.shifts if s.therapist_id == "t01" and 2 * 1440 <= s.start < 3 * 1440
    ]
    assert not _olena_on_wednesday(_plan_rows(spa.exports))
    sessions, problems = read_plan_csv(spa.exports / "plan.csv", scenario)
    assert not problems
    assert check_sessions(scenario, sessions) == []


def test_publishing_refuses_when_the_plan_changed_since(spa: Spa) -> None:
    live, proposal = _sick_proposal(spa)
    first = propose_replan(live, options=_options(live))
    publish_replan(live, first)
    with pytest.raises(PlanChanged):
        publish_replan(live, proposal)
    # The sick day was not written.
    scenario = load_releasing_bookings(spa.scenario)[0]
    assert [
        s for s in scenario.shifts if s.therapist_id == "t01" and 2 * 1440 <= s.start < 3 * 1440
    ]


def test_a_job_runs_in_the_background_and_reports_its_end(spa: Spa) -> None:
    live = spa.live()
    job = ReplanJob(
        "re-plan", lambda stop, progress: propose_replan(live, options=_options(live), stop=stop,
                                                         progress=progress)
    ).start()  # fmt: skip
    assert job.wait(300)
    status = job.status()
    assert status.state == "done", status.error
    assert job.result is not None and job.result.value_after > 0


def test_a_failing_job_says_so_in_words() -> None:
    def broken(stop: object, progress: object) -> int:
        raise KeyError("client c001 has asthma")

    job = ReplanJob("re-plan", broken).start()
    assert job.wait(30)
    status = job.status()
    assert status.state == "failed"
    assert status.error is not None and "asthma" not in status.error
