"""``GET /api/plan``: the published plan, filtered by the caller's role."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from planner.web.state import WebState
from tests.web.conftest import api_token

MOMENT = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d$")
FIELDS = {"course_id", "session", "client_id", "therapist_id", "room_id", "start", "end"}


def _conditions(web_state: WebState) -> set[str]:
    scenario = web_state.spa.snapshot().scenario
    return {
        c.condition.replace("_", " ")
        for conditions in scenario.conditions_by_client.values()
        for c in conditions
    }


def test_without_a_valid_token_the_plan_is_refused(client: TestClient) -> None:
    for headers in ({}, {"Authorization": "Bearer not-a-token"}, {"Authorization": "Basic x"}):
        answer = client.get("/api/plan", headers=headers)
        assert answer.status_code == 401
        assert answer.headers["www-authenticate"] == "Bearer"
        assert "POST /api/login" in answer.json()["detail"]


def test_a_session_cookie_is_not_a_token(client: TestClient) -> None:
    from tests.web.conftest import sign_in

    sign_in(client, "maria")
    assert client.get("/api/plan").status_code == 401


def test_the_manager_gets_every_session_and_the_reasons_in_full(
    client: TestClient, web_state: WebState
) -> None:
    document = client.get("/api/plan", headers=api_token(client, "maria")).json()
    snapshot = web_state.spa.snapshot()
    assert document["version"] == snapshot.version > 0
    assert len(document["sessions"]) == len(snapshot.sessions)
    for session in document["sessions"]:
        assert set(session) >= FIELDS
        assert MOMENT.match(session["start"]) and MOMENT.match(session["end"])
    assert document["unscheduled"], "the demo week leaves courses out"
    assert {"course_id", "session", "reason"} <= set(document["unscheduled"][0])
    reasons = " ".join(u["reason"] for u in document["unscheduled"])
    assert any(name in reasons for name in _conditions(web_state))


def test_the_desk_gets_every_session_and_no_condition(
    client: TestClient, web_state: WebState
) -> None:
    manager = client.get("/api/plan", headers=api_token(client, "maria")).json()
    desk = client.get("/api/plan", headers=api_token(client, "dora")).json()
    assert desk["sessions"] == manager["sessions"]
    assert len(desk["unscheduled"]) == len(manager["unscheduled"])
    reasons = " ".join(u["reason"] for u in desk["unscheduled"])
    assert "a health condition" in reasons
    for name in _conditions(web_state):
        assert name not in reasons


def test_a_therapist_gets_their_own_sessions_only(client: TestClient) -> None:
    everything = client.get("/api/plan", headers=api_token(client, "maria")).json()
    olena = client.get("/api/plan", headers=api_token(client, "olena")).json()
    vera = client.get("/api/plan", headers=api_token(client, "vera")).json()
    assert olena["unscheduled"] == [] and vera["unscheduled"] == []
    assert {s["therapist_id"] for s in olena["sessions"]} == {"t01"}
    assert {s["therapist_id"] for s in vera["sessions"]} == {"t02"}
    assert olena["sessions"] == [s for s in everything["sessions"] if s["therapist_id"] == "t01"]


def test_a_removed_account_s_token_stops_working(client: TestClient, web_state: WebState) -> None:
    headers = api_token(client, "dora")
    assert client.get("/api/plan", headers=headers).status_code == 200
    web_state.accounts.remove("dora", by="maria")
    assert client.get("/api/plan", headers=headers).status_code == 401


def test_the_plan_is_described_in_the_openapi_document(client: TestClient) -> None:
    paths = client.get("/api/openapi.json").json()["paths"]
    assert "get" in paths["/api/plan"]
    assert "get" in paths["/api/therapists/{therapist_id}/calendar.ics"]
