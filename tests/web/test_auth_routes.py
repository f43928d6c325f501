"""Signing in and out, the first manager's setup link, and the home page of each role."""

from __future__ import annotations

from fastapi.testclient import TestClient

from planner.web import create_app
from planner.web.state import WebState
from tests.web.conftest import LOOPBACK, PASSWORD, SpaFiles, csrf_of, sign_in


def test_an_anonymous_visit_leads_to_the_login_form(client: TestClient) -> None:
    answer = client.get("/")
    assert answer.status_code == 200
    assert answer.url.path == "/login"
    assert 'name="password"' in answer.text


def test_each_role_lands_on_its_own_page(client: TestClient) -> None:
    for name, home in (("maria", "/manager"), ("dora", "/desk"), ("olena", "/me")):
        client.cookies.clear()
        sign_in(client, name)
        assert client.get("/").url.path == home


def test_a_wrong_password_is_refused_and_repeated_failures_are_throttled(
    client: TestClient,
) -> None:
    token = csrf_of(client.get("/login").text)
    for _ in range(5):
        wrong = client.post(
            "/login", data={"username": "dora", "password": "nope", "csrf_token": token}
        )
        assert wrong.status_code == 401
        assert "Wrong user name or password" in wrong.text
    # Even the right password waits now: the name is throttled.
    right = client.post(
        "/login", data={"username": "dora", "password": PASSWORD, "csrf_token": token}
    )
    assert right.status_code == 429
    assert "Too many failed sign-ins" in right.text


def test_the_login_form_needs_its_csrf_token(client: TestClient) -> None:
    answer = client.post("/login", data={"username": "dora", "password": PASSWORD})
    assert answer.status_code == 403
    assert "reload the page" in answer.text


def test_signing_out_ends_the_session(client: TestClient) -> None:
    token = sign_in(client, "dora")
    client.post("/logout", data={"csrf_token": token})
    assert client.get("/desk").url.path == "/login"


def test_a_password_reset_ends_open_sessions(client: TestClient, web_state: WebState) -> None:
    sign_in(client, "dora")
    assert client.get("/desk").url.path == "/desk"
    web_state.accounts.reset("dora", "another password 2")
    assert client.get("/desk").url.path == "/login"


def test_the_setup_link_creates_the_first_manager_once(spa_files: SpaFiles) -> None:
    state = WebState.start(spa_files.config())
    state.accounts.clear()
    state = WebState.start(spa_files.config())
    link = state.setup_url()
    assert link is not None
    path = link.split(":8000", 1)[1]
    with TestClient(
        create_app(state.config, state), base_url="http://127.0.0.1", client=LOOPBACK
    ) as web:
        token = csrf_of(web.get(path).text)
        made = web.post(
            path,
            data={"username": "boss", "password": PASSWORD, "confirm": PASSWORD,
                  "csrf_token": token},
        )  # fmt: skip
        assert made.url.path == "/manager"
        assert state.accounts.get("boss") is not None
        again = web.get(path)
        assert again.status_code == 404
    assert state.setup_url() is None
