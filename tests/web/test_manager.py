"""The manager's pages through real requests: the week as a table and as calendar data, the
left-out courses, and who may see them."""

from __future__ import annotations

import json
import re

from fastapi.testclient import TestClient

from tests.web.conftest import sign_in


def test_the_week_table_lists_the_published_sessions(client: TestClient) -> None:
    sign_in(client, "maria")
    page = client.get("/manager/table?day=2026-12-09")
    assert page.status_code == 200
    rows = re.findall(r"<tr>\s*<td>", page.text)
    assert rows, "the demo week books sessions on Wednesday"
    assert "2026-12-09" in page.text and "2026-12-08 " not in page.text


def test_the_calendar_carries_its_data_as_json_not_markup(client: TestClient) -> None:
    sign_in(client, "maria")
    page = client.get("/manager/week?by=room")
    assert page.status_code == 200
    found = re.search(
        r'<script type="application/json" id="week-data">(.*?)</script>', page.text, re.S
    )
    assert found
    data = json.loads(found.group(1))
    assert data["by"] == "room" and {g["id"] for g in data["groups"]} >= {"r01", "r02"}
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d", i["start"]) for i in data["items"])
    answer = client.get("/manager/week.json")
    assert answer.json()["items"] == data["items"]


def test_bad_query_values_name_the_field(client: TestClient) -> None:
    sign_in(client, "maria")
    assert "day" in client.get("/manager/week?day=2027-01-01").text
    assert client.get("/manager/week?day=monday").status_code == 400
    answer = client.get("/manager/table?by=colour")
    assert answer.status_code == 400 and "by" in answer.text


def test_left_out_courses_are_grouped_by_reason(client: TestClient) -> None:
    sign_in(client, "maria")
    page = client.get("/manager/left-out")
    assert page.status_code == 200
    assert "left-out-group" in page.text or "none-left-out" in page.text


def test_the_managers_pages_refuse_other_roles(client: TestClient) -> None:
    for path in (
        "/manager",
        "/manager/week",
        "/manager/week.json",
        "/manager/table",
        "/manager/left-out",
        "/manager/job",
    ):
        client.cookies.clear()
        assert client.get(path, follow_redirects=False).status_code == 303, path
        for name in ("dora", "olena"):
            client.cookies.clear()
            sign_in(client, name)
            assert client.get(path, follow_redirects=False).status_code == 403, (path, name)


def test_state_changing_forms_need_the_csrf_token(client: TestClient) -> None:
    sign_in(client, "maria")
    for path in (
        "/manager/replan",
        "/manager/sick-day",
        "/manager/room-closed",
        "/manager/advise",
        "/manager/job/publish",
        "/manager/job/discard",
    ):
        assert client.post(path, data={"csrf_token": "forged"}).status_code == 403, path
