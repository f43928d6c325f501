"""A therapist's week on ``/me`` and their private calendar feed."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from icalendar import Calendar

from planner.web.state import WebState
from tests.web.conftest import csrf_of, sign_in

FEED = re.compile(r'value="(http://[^"]+/calendar\.ics\?token=[^"]+)"')


def _names(web_state: WebState, therapist_id: str) -> set[str]:
    snapshot = web_state.spa.snapshot()
    clients = snapshot.scenario.client_by_id
    return {clients[s.client_id].name for s in snapshot.sessions if s.therapist_id == therapist_id}


def _make_feed(client: TestClient, token: str) -> str:
    answer = client.post("/me/feed", data={"csrf_token": token})
    assert answer.status_code == 200
    found = FEED.search(answer.text)
    assert found, "the new feed address is shown"
    return found.group(1).replace("&amp;", "&")


def test_a_therapist_sees_their_week_and_no_other_therapist_s_clients(
    client: TestClient, web_state: WebState
) -> None:
    sign_in(client, "olena")
    page = client.get("/me")
    assert page.status_code == 200
    assert "Olena Savchuk" in page.text
    mine, veras = _names(web_state, "t01"), _names(web_state, "t02")
    assert mine and veras - mine
    for name in mine:
        assert name in page.text
    for name in veras - mine:
        assert name not in page.text
    assert "Today, Monday 07 December 2026" in page.text
    for day in ("Monday 07 December", "Sunday 13 December"):
        assert day in page.text


def test_the_caution_flag_shows_where_the_plan_has_one(
    client: TestClient, web_state: WebState
) -> None:
    snapshot = web_state.spa.snapshot()
    from planner.live import plan_for

    cautious = {v.session.therapist_id for v in plan_for(snapshot, "manager").sessions if v.caution}
    therapist = "t01" if "t01" in cautious else "t02"
    sign_in(client, "olena" if therapist == "t01" else "vera")
    page = client.get("/me").text
    count = sum(1 for v in plan_for(snapshot, "therapist", therapist).sessions if v.caution)
    assert count > 0
    assert page.count('class="caution"') == count
    assert "avoid the affected area" in page


def test_other_weeks_and_bad_dates(client: TestClient) -> None:
    sign_in(client, "olena")
    later = client.get("/me?week=2026-12-21")
    assert later.status_code == 200
    assert "Week of 21 December 2026" in later.text and "No sessions." in later.text
    bad = client.get("/me?week=someday")
    assert bad.status_code == 400
    assert "week" in bad.text


def test_the_week_page_is_for_therapists_only(client: TestClient) -> None:
    assert client.get("/me", follow_redirects=False).headers["location"] == "/login?next=/me"
    for name in ("maria", "dora"):
        client.cookies.clear()
        sign_in(client, name)
        assert client.get("/me").status_code == 403


def test_the_feed_is_made_shown_once_and_serves_only_their_sessions(
    client: TestClient, web_state: WebState
) -> None:
    token = sign_in(client, "olena")
    assert "no calendar address yet" in client.get("/me").text
    url = _make_feed(client, token)
    assert "/api/therapists/t01/calendar.ics?token=" in url
    # Shown once: the page doesn't show it again.
    again = client.get("/me").text
    assert url.split("token=")[1] not in again and "You have a calendar address" in again
    client.cookies.clear()  # a phone has no session
    answer = client.get(url)
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/calendar")
    events = Calendar.from_ical(answer.content).walk("VEVENT")
    mine = [s for s in web_state.spa.snapshot().sessions if s.therapist_id == "t01"]
    assert len(events) == len(mine) > 0
    text = answer.text
    for name in _names(web_state, "t02") - _names(web_state, "t01"):
        assert name not in text
    trail = web_state.accounts.audit_trail(actions=("feed token issued",))
    assert trail[0].username == "olena" and trail[0].detail == {"user": "olena"}


def test_a_renewed_or_revoked_feed_answers_404_and_never_says_why(
    client: TestClient, web_state: WebState
) -> None:
    token = sign_in(client, "olena")
    first = _make_feed(client, token)
    second = _make_feed(client, token)
    answers = {client.get(first).status_code, client.get(second).status_code}
    assert answers == {404, 200}
    vera_token = web_state.accounts.new_feed_token("vera", by="vera")
    base, _ = second.split("?token=")
    refusals = [
        client.get(f"{base}?token={vera_token}"),  # another therapist's token
        client.get(f"{base}?token=guessed"),
        client.get(base),
        client.get(first),  # the replaced one
    ]
    details = {(r.status_code, r.text) for r in refusals}
    assert len(details) == 1 and next(iter(details))[0] == 404
    client.post("/me/feed/revoke", data={"csrf_token": token})
    assert client.get(second).status_code == 404
    assert web_state.accounts.audit_trail(1)[0].action == "feed token revoked"


def test_feed_changes_need_the_csrf_token(client: TestClient, web_state: WebState) -> None:
    sign_in(client, "olena")
    assert client.post("/me/feed").status_code == 403
    assert client.post("/me/feed", data={"csrf_token": "wrong"}).status_code == 403
    assert web_state.accounts.get("olena").has_feed is False  # type: ignore[union-attr]


def test_the_page_has_no_inline_script_and_a_phone_viewport(client: TestClient) -> None:
    sign_in(client, "olena")
    html = client.get("/me").text
    assert 'name="viewport"' in html
    assert "<script>" not in html and "onclick" not in html
    assert csrf_of(html)
