"""A therapist's journey in a real browser: olena signs in, sees her week and only her clients,
makes her calendar address, her phone reads it, she revokes it; on a phone, no sideways scroll."""

from __future__ import annotations

import urllib.error
import urllib.request

from icalendar import Calendar

from planner.live import LiveSpa
from tests.web.conftest import NOW, Server, browser_sign_in


def _names(server: Server, therapist_id: str) -> set[str]:
    spa = server.spa
    snapshot = LiveSpa(spa.scenario, str(spa.archive), spa.exports, now=NOW).snapshot()
    clients = snapshot.scenario.client_by_id
    return {clients[s.client_id].name for s in snapshot.sessions if s.therapist_id == therapist_id}


def _fetch(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url) as answer:
            return answer.status, answer.read()
    except urllib.error.HTTPError as error:
        return error.code, b""


def test_olena_sees_her_week_and_subscribes_to_her_calendar(server: Server, page: object) -> None:
    from playwright.sync_api import expect

    browser_sign_in(page, server, "olena")
    assert page.url.endswith("/me")  # type: ignore[attr-defined]
    week = page.locator("section.week")  # type: ignore[attr-defined]
    expect(week).to_be_visible()
    mine, veras = _names(server, "t01"), _names(server, "t02")
    shown = week.inner_text()
    assert mine and all(name in shown for name in mine)
    assert not any(name in page.content() for name in veras - mine)  # type: ignore[attr-defined]

    page.click("#feed button[name=make]")  # type: ignore[attr-defined]
    address = page.locator("#feed-url")  # type: ignore[attr-defined]
    expect(address).to_be_visible()
    url = address.input_value()
    assert "/api/therapists/t01/calendar.ics?token=" in url

    status, body = _fetch(url)
    assert status == 200
    events = Calendar.from_ical(body).walk("VEVENT")
    assert events and all(any(name in str(e["SUMMARY"]) for name in mine) for e in events)

    page.click("#feed button[name=revoke]")  # type: ignore[attr-defined]
    expect(page.locator("#feed .feed-status")).to_contain_text("revoked")  # type: ignore[attr-defined]
    assert _fetch(url)[0] == 404


def test_her_week_reads_on_a_phone_without_sideways_scrolling(server: Server, page: object) -> None:
    page.set_viewport_size({"width": 390, "height": 844})  # type: ignore[attr-defined]
    browser_sign_in(page, server, "olena")
    page.wait_for_selector("section.week li.session")  # type: ignore[attr-defined]
    wide = page.evaluate(  # type: ignore[attr-defined]
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert wide <= 0
