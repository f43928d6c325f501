"""The front desk's pages: find a client, see the options, book one, print or download it."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from planner.check import check_sessions
from planner.web.state import WebState
from tests.web.conftest import SpaFiles, sign_in

COURSE = {"client_id": "c001", "treatment_id": "classic_massage", "sessions": "2"}


def _options(client: TestClient, csrf: str, **fields: str) -> str:
    answer = client.post("/desk/options", data={"csrf_token": csrf, **COURSE, **fields})
    assert answer.status_code == 200, answer.text
    return answer.text


def _book_forms(html: str) -> list[dict[str, str]]:
    """The hidden fields of every "book" form on an options page."""
    forms = re.findall(r'<form method="post" action="/desk/book"[^>]*>(.*?)</form>', html, re.S)
    out = []
    for form in forms:
        fields = re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', form)
        out.append({name: _unescape(value) for name, value in fields})
    return out


def _unescape(text: str) -> str:
    for entity, char in (("&#34;", '"'), ("&quot;", '"'), ("&#39;", "'"), ("&lt;", "<"),
                         ("&gt;", ">"), ("&amp;", "&")):  # fmt: skip
        text = text.replace(entity, char)
    return text


def test_the_desk_page_is_for_desk_and_manager_only(client: TestClient) -> None:
    answer = client.get("/desk", follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"].startswith("/login")
    sign_in(client, "olena")
    assert client.get("/desk").status_code == 403
    sign_in(client, "dora")
    assert "Find by name or phone" in client.get("/desk").text


def test_clients_are_found_by_phone_and_names_show_as_text(
    client: TestClient, spa_files: SpaFiles
) -> None:
    clients = spa_files.scenario / "clients.csv"
    clients.write_text(clients.read_text() + "c777,<img src=x onerror=alert(1)>,+380 44 555 7777\n")
    sign_in(client, "dora")
    found = client.get("/desk/clients", params={"q": "555 7777"}).text
    assert "&lt;img src=x onerror=alert(1)&gt;" in found and "<img" not in found
    assert "c777" in found
    assert "No client matches" in client.get("/desk/clients", params={"q": "zzzz"}).text


def test_a_bad_form_is_shown_again_with_the_error_by_its_field(client: TestClient) -> None:
    csrf = sign_in(client, "dora")
    answer = client.post("/desk/options", data={"csrf_token": csrf, **COURSE, "sessions": "0"})
    assert answer.status_code == 400
    assert 'data-field="sessions"' in answer.text
    nameless = {"csrf_token": csrf, "treatment_id": "classic_massage", "sessions": "1"}
    answer = client.post("/desk/options", data=nameless)
    assert answer.status_code == 400 and 'data-field="client_name"' in answer.text
    bad_days = {**nameless, "client_name": "Ann", "available": "someday 9-5"}
    answer = client.post("/desk/options", data=bad_days)
    assert answer.status_code == 400 and 'data-field="available"' in answer.text
    assert client.post("/desk/options", data={**COURSE}).status_code == 403  # no CSRF token


def test_one_click_books_the_option_shown_and_the_confirmation_prints_and_downloads(
    client: TestClient, web_state: WebState, spa_files: SpaFiles
) -> None:
    csrf = sign_in(client, "dora")
    page = _options(client, csrf)
    first = _book_forms(page)[0]
    answer = client.post("/desk/book", data=first, follow_redirects=False)
    assert answer.status_code == 303, answer.text
    course_id = answer.headers["location"].rsplit("/", 1)[-1]
    assert course_id in (spa_files.exports / "plan.csv").read_text()
    confirmation = client.get(answer.headers["location"]).text
    assert confirmation.count('class="session"') == 2
    assert "data-print" in confirmation and f"{course_id}.ics" in confirmation
    calendar = client.get(f"/desk/bookings/{course_id}.ics")
    assert calendar.headers["content-type"].startswith("text/calendar")
    assert calendar.text.count("BEGIN:VEVENT") == 2
    snapshot = web_state.spa.snapshot()
    assert check_sessions(snapshot.scenario, list(snapshot.sessions)) == []
    [entry] = web_state.accounts.audit_trail(actions=["course booked"])
    assert entry.detail["course_id"] == course_id and entry.detail["sessions"] == 2
    # The same click again: the slot is taken, the page says so and shows fresh options.
    again = client.post("/desk/book", data=first)
    assert again.status_code == 409 and 'id="plan-changed"' in again.text


def test_a_new_client_is_added_with_the_times_they_can_come(
    client: TestClient, spa_files: SpaFiles
) -> None:
    csrf = sign_in(client, "dora")
    new = {
        "client_id": "",
        "client_name": "Iryna <b>Tkach</b>",
        "phone": "+380 44 555 1234",
        "available": "wed 13:00-21:00",
        "treatment_id": "relaxing_massage",
        "sessions": "1",
    }
    page = _options(client, csrf, **new)
    assert "Iryna &lt;b&gt;Tkach&lt;/b&gt;" in page
    form = _book_forms(page)[0]
    assert form["new_client"] == "1"
    answer = client.post("/desk/book", data=form, follow_redirects=False)
    assert answer.status_code == 303, answer.text
    assert "Iryna <b>Tkach</b>" in (spa_files.scenario / "clients.csv").read_text()
    assert "2026-12-09,13:00,21:00" in (spa_files.scenario / "client_availability.csv").read_text()


def test_a_course_longer_than_the_plan_is_booked_as_far_as_it_fits(client: TestClient) -> None:
    csrf = sign_in(client, "dora")
    page = _options(client, csrf, sessions="12")
    assert 'id="nothing-complete"' in page and "stay owed" in page
    form = _book_forms(page)[0]
    answer = client.post("/desk/book", data=form)
    assert answer.status_code == 200
    owed = re.search(r'<p id="owed"><strong>(\d+)</strong>', answer.text)
    assert owed and 0 < int(owed.group(1)) < 12
    assert "condition" not in answer.text.lower()
