"""The manager's sick day through real requests: proposed, published or thrown away, audited;
a publish after someone else published is refused."""

from __future__ import annotations

import csv
from pathlib import Path

from fastapi.testclient import TestClient

from planner.check import check_sessions
from planner.check.pin_check import load_releasing_bookings
from planner.live.spa import folder_fingerprint
from planner.nightly.job import NightlyOptions, run_nightly
from planner.plan.csvfiles import read_plan_csv
from planner.web.state import WebState
from tests.web.conftest import NOW, SpaFiles, sign_in

WEDNESDAY = "2026-12-09"


def _wait(web_state: WebState) -> None:
    job = web_state.extras["manager_jobs"]["job"]
    assert job.job.wait(600), "the re-plan did not end"


def _olena_on_wednesday(exports: Path) -> list[dict[str, str]]:
    with (exports / "plan.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return [r for r in rows if r["therapist_id"] == "t01" and r["start"].startswith(WEDNESDAY)]


def _sick_day(client: TestClient, web_state: WebState, token: str) -> str:
    answer = client.post(
        "/manager/sick-day", data={"therapist_id": "t01", "day": WEDNESDAY, "csrf_token": token}
    )
    assert answer.status_code == 200 and answer.url.path == "/manager/job", answer.text
    _wait(web_state)
    page = client.get("/manager/job")
    assert page.status_code == 200
    return page.text


def test_a_sick_day_is_proposed_then_published(
    client: TestClient, web_state: WebState, spa_files: SpaFiles
) -> None:
    token = sign_in(client, "maria")
    assert _olena_on_wednesday(spa_files.exports)
    page = _sick_day(client, web_state, token)
    assert 'id="proposal"' in page and 'id="call-list"' in page
    assert "Moved (" in page and "Dropped (" in page
    # Nothing is written before Publish.
    assert _olena_on_wednesday(spa_files.exports)
    published = client.post("/manager/job/publish", data={"csrf_token": token})
    assert published.status_code == 200 and "published-note" in published.text
    assert not _olena_on_wednesday(spa_files.exports)
    scenario = load_releasing_bookings(spa_files.scenario)[0]
    sessions, problems = read_plan_csv(spa_files.exports / "plan.csv", scenario)
    assert not problems and check_sessions(scenario, sessions) == []
    actions = [e.action for e in web_state.accounts.audit_trail(10)]
    assert "sick day marked" in actions and "plan published" in actions


def test_a_thrown_away_proposal_leaves_the_folder_as_it_was(
    client: TestClient, web_state: WebState, spa_files: SpaFiles
) -> None:
    token = sign_in(client, "maria")
    before = folder_fingerprint(spa_files.scenario)
    _sick_day(client, web_state, token)
    answer = client.post("/manager/job/discard", data={"csrf_token": token})
    assert answer.status_code == 200
    assert folder_fingerprint(spa_files.scenario) == before
    assert _olena_on_wednesday(spa_files.exports)
    assert "proposal thrown away" in [e.action for e in web_state.accounts.audit_trail(10)]


def test_publishing_after_another_publish_is_refused(
    client: TestClient, web_state: WebState, spa_files: SpaFiles
) -> None:
    token = sign_in(client, "maria")
    _sick_day(client, web_state, token)
    # Meanwhile a nightly run publishes a plan of the same days.
    run_nightly(
        NightlyOptions(
            spa_files.scenario,
            str(spa_files.archive),
            spa_files.exports,
            now=NOW,
            time_limit=5.0,
            deterministic=True,
        )
    )
    answer = client.post("/manager/job/publish", data={"csrf_token": token})
    assert answer.status_code == 409
    assert "re-plan again" in answer.text
    assert _olena_on_wednesday(spa_files.exports)


def test_a_sick_day_of_an_unknown_therapist_names_the_field(client: TestClient) -> None:
    token = sign_in(client, "maria")
    answer = client.post(
        "/manager/sick-day", data={"therapist_id": "t99", "day": WEDNESDAY, "csrf_token": token}
    )
    assert answer.status_code == 400 and "therapist_id" in answer.text
    answer = client.post(
        "/manager/sick-day", data={"therapist_id": "t01", "day": "someday", "csrf_token": token}
    )
    assert answer.status_code == 400 and "day" in answer.text
