"""The manager moves the spa on to the next horizon through real requests: the draft writes
nothing, Confirm swaps the served folder and keeps the old one, the first page then offers to
plan the new week; a stale draft, a missing CSRF token and the wrong role are refused."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from planner.check import load_checked_scenario
from planner.live.spa import folder_fingerprint
from planner.web.state import WebState
from tests.web.conftest import SpaFiles, sign_in

NEXT = "2026-12-14"


def _hidden(html: str) -> dict[str, str]:
    """The hidden fields of the rollover's Confirm form."""
    form = html[html.index('action="/manager/rollover"') :]
    form = form[: form.index("</form>")]
    return dict(re.findall(r'type="hidden" name="([a-z_]+)" value="([^"]*)"', form))


def test_the_draft_writes_nothing_and_confirm_moves_on(
    client: TestClient, web_state: WebState, spa_files: SpaFiles
) -> None:
    sign_in(client, "maria")
    before = folder_fingerprint(spa_files.scenario)
    draft = client.get("/manager/rollover")
    assert draft.status_code == 200, draft.text
    assert NEXT in draft.text and "2026-12-20" in draft.text
    assert 'id="carried"' in draft.text and 'id="staff"' in draft.text
    assert folder_fingerprint(spa_files.scenario) == before
    fields = _hidden(draft.text)
    assert fields["first_day"] == NEXT
    home = client.post("/manager/rollover", data=fields)
    assert home.status_code == 200 and home.url.path == "/manager", home.text
    assert 'id="rolled-note"' in home.text and 'id="plan-and-publish"' in home.text
    kept = spa_files.scenario.with_name("demo-week-2026-12-07")
    assert load_checked_scenario(kept)[0].settings.start.isoformat() == "2026-12-07"
    assert load_checked_scenario(spa_files.scenario)[0].settings.start.isoformat() == NEXT
    entry = web_state.accounts.audit_trail(5, ["horizon rolled over"])[0]
    assert entry.username == "maria" and entry.detail["first_day"] == NEXT
    assert entry.detail["kept"] == kept.name


def test_a_stale_draft_is_refused(client: TestClient, spa_files: SpaFiles) -> None:
    sign_in(client, "maria")
    fields = _hidden(client.get("/manager/rollover").text)
    # Someone edits the scenario after the draft was shown.
    shifts = spa_files.scenario / "shifts.csv"
    shifts.write_text(shifts.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    before = folder_fingerprint(spa_files.scenario)
    answer = client.post("/manager/rollover", data=fields)
    assert answer.status_code == 409 and "draft" in answer.text
    assert folder_fingerprint(spa_files.scenario) == before
    assert not spa_files.scenario.with_name("demo-week-2026-12-07").exists()


def test_confirm_needs_the_csrf_token_and_a_first_day(
    client: TestClient, spa_files: SpaFiles
) -> None:
    sign_in(client, "maria")
    fields = _hidden(client.get("/manager/rollover").text)
    without = {k: v for k, v in fields.items() if k != "csrf_token"}
    assert client.post("/manager/rollover", data=without).status_code == 403
    bad = {**fields, "first_day": "next monday"}
    answer = client.post("/manager/rollover", data=bad)
    assert answer.status_code == 400 and "first_day" in answer.text
    assert not spa_files.scenario.with_name("demo-week-2026-12-07").exists()


def test_only_the_manager_may_move_on(client: TestClient, spa_files: SpaFiles) -> None:
    anonymous = client.get("/manager/rollover", follow_redirects=False)
    assert anonymous.status_code in (302, 303) and "/login" in anonymous.headers["location"]
    token = sign_in(client, "dora")
    assert client.get("/manager/rollover").status_code == 403
    data = {"csrf_token": token, "version": "1", "fingerprint": "x", "first_day": NEXT}
    assert client.post("/manager/rollover", data=data).status_code == 403
    assert not spa_files.scenario.with_name("demo-week-2026-12-07").exists()
