"""The manager's re-plans through real requests: a sick day or a closed room proposed, published
or thrown away, audited; a publish after someone else published is refused; the first plan of a
spa with nothing published; the advice's page; the progress line and Stop."""

from __future__ import annotations

import csv
import re
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from planner.accounts import Accounts
from planner.check import check_sessions
from planner.check.pin_check import load_releasing_bookings
from planner.live.spa import folder_fingerprint
from planner.nightly.job import NightlyOptions, run_nightly
from planner.plan.csvfiles import read_plan_csv
from planner.web import create_app
from planner.web.state import WebState
from tests.web.conftest import LOOPBACK, NOW, PASSWORD, SpaFiles, sign_in

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


# Generous: a solve may wait for the machine's cores; the test only waits this long at worst.
DEADLINE_SECONDS = 600


def _client_of(state: WebState) -> Iterator[TestClient]:
    app = create_app(state.config, state)
    with TestClient(app, base_url="http://127.0.0.1", client=LOOPBACK) as test_client:
        yield test_client


def _poll_until_ended(client: TestClient) -> None:
    """Poll the job's status route as the page does until it says the job ended."""
    deadline = time.monotonic() + DEADLINE_SECONDS
    while time.monotonic() < deadline:
        answer = client.get("/manager/job/status")
        assert answer.status_code == 200, answer.text
        if answer.headers.get("HX-Refresh") == "true":
            return
        assert 'id="progress-line"' in answer.text
        time.sleep(0.5)
    raise AssertionError("the job did not end")


def _first_progress(client: TestClient) -> str | None:
    """The progress line once it shows a value; None if the job ended before it did."""
    deadline = time.monotonic() + DEADLINE_SECONDS
    while time.monotonic() < deadline:
        answer = client.get("/manager/job/status")
        if answer.headers.get("HX-Refresh") == "true":
            return None
        if "value " in answer.text:
            return answer.text
        time.sleep(0.2)
    raise AssertionError("the re-plan showed no progress")


def _plan_checks(scenario_folder: Path, exports: Path) -> None:
    scenario = load_releasing_bookings(scenario_folder)[0]
    sessions, problems = read_plan_csv(exports / "plan.csv", scenario)
    assert not problems and sessions and check_sessions(scenario, sessions) == []


@pytest.fixture
def unpublished(spa_files: SpaFiles, tmp_path: Path) -> SpaFiles:
    """The demo week with a fresh archive: nothing published yet, one manager."""
    root = tmp_path / "fresh"
    root.mkdir()
    spa = SpaFiles(root / "demo-week", root / "archive.sqlite", root / "exports")
    shutil.copytree(spa_files.scenario, spa.scenario)
    with Accounts(str(spa.archive)) as accounts:
        accounts.add("maria", "manager", PASSWORD, None)
    return spa


def test_plan_and_publish_on_a_spa_with_nothing_published(unpublished: SpaFiles) -> None:
    state = WebState.start(unpublished.config())
    for client in _client_of(state):
        token = sign_in(client, "maria")
        assert 'id="plan-and-publish"' in client.get("/manager").text
        answer = client.post("/manager/replan", data={"csrf_token": token})
        assert answer.status_code == 200 and answer.url.path == "/manager/job"
        _poll_until_ended(client)
        page = client.get("/manager/job")
        assert 'id="published-note"' in page.text, page.text
        _plan_checks(unpublished.scenario, unpublished.exports)
        client.post("/manager/job/discard", data={"csrf_token": token})
        home = client.get("/manager").text
        assert 'id="plan-and-publish"' not in home and "published plan version" in home
    assert "plan published" in [e.action for e in state.accounts.audit_trail(10)]


def _r03_on_wednesday(exports: Path) -> list[dict[str, str]]:
    with (exports / "plan.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return [r for r in rows if r["room_id"] == "r03" and r["start"].startswith(WEDNESDAY)]


def test_a_closed_room_is_proposed_then_published(client: TestClient, spa_files: SpaFiles) -> None:
    token = sign_in(client, "maria")
    assert _r03_on_wednesday(spa_files.exports), "the demo week uses r03 on Wednesday"
    answer = client.post(
        "/manager/room-closed", data={"room_id": "r03", "day": WEDNESDAY, "csrf_token": token}
    )
    assert answer.status_code == 200 and answer.url.path == "/manager/job", answer.text
    _poll_until_ended(client)
    assert 'id="proposal"' in client.get("/manager/job").text
    published = client.post("/manager/job/publish", data={"csrf_token": token})
    assert published.status_code == 200 and "published-note" in published.text
    with (spa_files.scenario / "room_closures.csv").open(encoding="utf-8") as handle:
        closures = list(csv.DictReader(handle))
    assert any(r["room_id"] == "r03" and r["date"] == WEDNESDAY for r in closures)
    assert not _r03_on_wednesday(spa_files.exports)
    _plan_checks(spa_files.scenario, spa_files.exports)


def test_the_advice_page_lists_ranked_changes_or_says_none(spa_files: SpaFiles) -> None:
    state = WebState.start(spa_files.config(time_limit=1.0))
    for client in _client_of(state):
        token = sign_in(client, "maria")
        answer = client.post("/manager/advise", data={"csrf_token": token})
        assert answer.status_code == 200 and answer.url.path == "/manager/job"
        _poll_until_ended(client)
        page = client.get("/manager/job").text
        assert 'id="advice"' in page and "change(s) estimated" in page, page
        done = client.post("/manager/job/discard", data={"csrf_token": token})
        assert done.url.path == "/manager"


def test_stop_ends_a_long_replan_and_keeps_its_best_plan(spa_files: SpaFiles) -> None:
    state = WebState.start(spa_files.config(time_limit=3600.0))
    for client in _client_of(state):
        token = sign_in(client, "maria")
        client.post("/manager/replan", data={"csrf_token": token})
        # Stop once the search has a plan to keep (or it ended on its own, proven best).
        line = _first_progress(client)
        if line is not None:
            assert re.search(r"value \d+", line), line
        stopped = client.post("/manager/job/stop", data={"csrf_token": token})
        assert stopped.status_code == 200 and stopped.url.path == "/manager/job"
        _poll_until_ended(client)
        job = state.extras["manager_jobs"]["job"]
        status = job.job.status()
        assert status.state == "done" and status.stopping, status.error
        assert status.progress is not None, "the search reported its progress"
        proposal = job.job.result
        assert proposal.stopped_early
        scenario = proposal.proposal.scenario
        assert check_sessions(scenario, list(proposal.proposal.result.plan.sessions)) == []
        page = client.get("/manager/job").text
        assert 'id="proposal"' in page and "You stopped the search" in page
