"""The manager's accounts page: add, reset, remove, revoke a feed; the audit trail."""

from __future__ import annotations

from fastapi.testclient import TestClient

from planner.web.state import WebState
from tests.web.conftest import PASSWORD, sign_in

NEW_PASSWORD = "a new password 9"


def _add(client: TestClient, token: str, **fields: str) -> object:
    data = {"csrf_token": token, "password": PASSWORD, **fields}
    return client.post("/manager/accounts/add", data=data)


def test_the_page_lists_accounts_with_roles_and_therapists(client: TestClient) -> None:
    sign_in(client, "maria")
    page = client.get("/manager/accounts")
    assert page.status_code == 200
    for name in ("maria", "dora", "olena", "vera"):
        assert f'data-user="{name}"' in page.text
    assert "Olena Savchuk" in page.text  # the therapist's name beside the id
    assert "Audit trail" in page.text


def test_only_the_manager_may_open_it(client: TestClient) -> None:
    assert client.get("/manager/accounts").url.path == "/login"
    for name in ("dora", "olena"):
        client.cookies.clear()
        sign_in(client, name)
        assert client.get("/manager/accounts").status_code == 403


def test_a_new_account_can_sign_in_and_the_change_is_audited(
    client: TestClient, web_state: WebState
) -> None:
    token = sign_in(client, "maria")
    added = _add(client, token, username="petra", role="therapist", therapist_id="t03")
    assert added.status_code == 200 and "The account was added" in added.text  # type: ignore[attr-defined]
    user = web_state.accounts.get("petra")
    assert user is not None and user.role == "therapist" and user.therapist_id == "t03"
    entry = web_state.accounts.audit_trail(1)[0]
    assert (entry.username, entry.action, entry.detail) == (
        "maria",
        "user added",
        {"user": "petra", "role": "therapist"},
    )
    page = client.get("/manager/accounts").text
    trail = page.split("Audit trail", 1)[1]
    assert trail.index("user added") < trail.index("</table>")
    client.cookies.clear()
    sign_in(client, "petra")
    assert client.get("/me").status_code == 200


def test_bad_input_is_refused_naming_the_field(client: TestClient, web_state: WebState) -> None:
    token = sign_in(client, "maria")
    cases = [
        ({"username": "sam", "role": "therapist", "therapist_id": "t99"}, "therapist"),
        ({"username": "sam", "role": "therapist", "therapist_id": ""}, "therapist"),
        ({"username": "sam", "role": "boss"}, "role"),
        ({"username": "<b>sam</b>", "role": "desk"}, "user name"),
        ({"username": "sam", "role": "desk", "password": "short"}, "password"),
        ({"username": "dora", "role": "desk"}, "exists already"),
    ]
    for fields, words in cases:
        answer = _add(client, token, **fields)
        assert answer.status_code == 400, fields  # type: ignore[attr-defined]
        assert words in answer.text, fields  # type: ignore[attr-defined]
    assert web_state.accounts.get("sam") is None
    # The name is shown back as text, never as markup.
    answer = _add(client, token, username="<b>sam</b>", role="desk")
    assert "<b>sam</b>" not in answer.text and "&lt;b&gt;sam&lt;/b&gt;" in answer.text  # type: ignore[attr-defined]


def test_a_reset_password_ends_the_user_s_sessions(client: TestClient, web_state: WebState) -> None:
    token = sign_in(client, "maria")
    answer = client.post(
        "/manager/accounts/dora/reset", data={"csrf_token": token, "password": NEW_PASSWORD}
    )
    assert answer.status_code == 200 and "new password is set" in answer.text
    assert web_state.accounts.verify("dora", PASSWORD) is None
    assert web_state.accounts.verify("dora", NEW_PASSWORD) is not None
    assert web_state.accounts.audit_trail(1)[0].action == "password reset"
    short = client.post("/manager/accounts/dora/reset", data={"csrf_token": token, "password": "x"})
    assert short.status_code == 400 and "password" in short.text
    nobody = client.post(
        "/manager/accounts/nobody/reset", data={"csrf_token": token, "password": NEW_PASSWORD}
    )
    assert nobody.status_code == 400 and "no user" in nobody.text


def test_a_manager_who_resets_their_own_password_stays_signed_in(
    client: TestClient, web_state: WebState
) -> None:
    token = sign_in(client, "maria")
    client.post(
        "/manager/accounts/maria/reset", data={"csrf_token": token, "password": NEW_PASSWORD}
    )
    assert client.get("/manager/accounts").url.path == "/manager/accounts"


def test_removing_an_account_but_never_one_s_own(client: TestClient, web_state: WebState) -> None:
    token = sign_in(client, "maria")
    mine = client.post("/manager/accounts/maria/remove", data={"csrf_token": token})
    assert mine.status_code == 400 and "your own account" in mine.text
    assert web_state.accounts.get("maria") is not None
    gone = client.post("/manager/accounts/vera/remove", data={"csrf_token": token})
    assert gone.status_code == 200 and "The account was removed" in gone.text
    assert web_state.accounts.get("vera") is None
    entry = web_state.accounts.audit_trail(1)[0]
    assert (entry.username, entry.action, entry.detail) == (
        "maria",
        "user removed",
        {"user": "vera"},
    )


def test_the_manager_revokes_a_therapist_s_feed(client: TestClient, web_state: WebState) -> None:
    feed = web_state.accounts.new_feed_token("olena", by="olena")
    url = f"/api/therapists/t01/calendar.ics?token={feed}"
    assert client.get(url).status_code == 200
    token = sign_in(client, "maria")
    assert "Revoke feed" in client.get("/manager/accounts").text
    client.post("/manager/accounts/olena/revoke-feed", data={"csrf_token": token})
    assert client.get(url).status_code == 404
    entry = web_state.accounts.audit_trail(1)[0]
    assert (entry.username, entry.action) == ("maria", "feed token revoked")


def test_every_change_needs_the_csrf_token(client: TestClient, web_state: WebState) -> None:
    sign_in(client, "maria")
    before = web_state.accounts.users()
    for path, data in (
        ("/manager/accounts/add", {"username": "sam", "role": "desk", "password": PASSWORD}),
        ("/manager/accounts/dora/reset", {"password": NEW_PASSWORD}),
        ("/manager/accounts/dora/remove", {}),
        ("/manager/accounts/olena/revoke-feed", {}),
    ):
        assert client.post(path, data=data).status_code == 403, path
        assert client.post(path, data={**data, "csrf_token": "x"}).status_code == 403, path
    assert web_state.accounts.users() == before
