"""Sign-in security: API login throttling, the setup link for this machine only, cookies."""

from __future__ import annotations

from fastapi.testclient import TestClient

from planner.web import create_app
from planner.web.state import WebState
from tests.web.conftest import PASSWORD, SpaFiles, csrf_of


def test_api_logins_are_throttled_as_the_form_is(client: TestClient) -> None:
    for _ in range(5):
        wrong = client.post("/api/login", json={"username": "dora", "password": "nope"})
        assert wrong.status_code == 401
    right = client.post("/api/login", json={"username": "dora", "password": PASSWORD})
    assert right.status_code == 429
    assert "too many failed sign-ins" in right.json()["detail"]
    # The form shares the count: the name is throttled there too.
    token = csrf_of(client.get("/login").text)
    form = client.post(
        "/login", data={"username": "dora", "password": PASSWORD, "csrf_token": token}
    )
    assert form.status_code == 429


def test_api_throttling_counts_per_address_too(client: TestClient) -> None:
    for number in range(5):
        client.post("/api/login", json={"username": f"guess{number}", "password": "nope"})
    right = client.post("/api/login", json={"username": "maria", "password": PASSWORD})
    assert right.status_code == 429


def test_the_setup_link_is_refused_from_another_machine(spa_files: SpaFiles) -> None:
    state = WebState.start(spa_files.config())
    state.accounts.clear()
    state = WebState.start(spa_files.config())
    assert state.setup_token is not None
    path = f"/setup/{state.setup_token}"
    app = create_app(state.config, state)
    with TestClient(app, base_url="http://127.0.0.1", client=("198.51.100.7", 5000)) as far:
        assert far.get(path).status_code == 404
        token = csrf_of(far.get("/login").text)
        made = far.post(
            path,
            data={"username": "boss", "password": PASSWORD, "confirm": PASSWORD,
                  "csrf_token": token},
        )  # fmt: skip
        assert made.status_code == 404
    assert state.accounts.count() == 0


def test_the_session_cookie_is_secure_only_when_served_over_https(spa_files: SpaFiles) -> None:
    for config, secure in (
        (spa_files.config(), False),
        (spa_files.config(behind_proxy=True), True),
        (spa_files.config(tls_cert=spa_files.archive, tls_key=spa_files.archive), True),
    ):
        state = WebState.start(config)
        with TestClient(create_app(config, state), base_url="http://127.0.0.1") as web:
            cookie = web.get("/login").headers["set-cookie"].lower()
        assert ("secure" in cookie) is secure
        assert "httponly" in cookie and "samesite=lax" in cookie
