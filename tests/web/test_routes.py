"""Every route of the web app against every role: who may use it, and how the others are sent
away (pages: anonymous to the login form, another role 403; API: 401 / 403 JSON; state-changing
pages: 403 without the session's CSRF token).

ROUTES below is the explicit table. A route of the application that is missing from it fails
``test_every_route_is_in_the_table``: whoever adds a route adds its line here, saying who may
use it (the desk's and the manager's new routes join this table when their work is merged).
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from fastapi.routing import iter_route_contexts
from fastapi.testclient import TestClient
from starlette.routing import Mount

from planner.web.manager_jobs import EXTRA as JOBS_EXTRA
from planner.web.state import WebState
from tests.web.conftest import ACCOUNTS, api_token, csrf_of, sign_in

MANAGER, DESK, THERAPIST = "manager", "desk", "therapist"
ANY = frozenset({MANAGER, DESK, THERAPIST})
CHANGES = frozenset({"POST", "PUT", "PATCH", "DELETE"})


@dataclass(frozen=True)
class Rule:
    """Who may use a route.

    ``kind``: ``public`` (anyone, also signed out), ``page`` (a signed-in page of ``roles``),
    ``api`` (bearer token of ``roles``), ``feed`` (a therapist's calendar feed token only),
    ``static`` (the package's assets). ``csrf``: a state-changing form that needs the token.
    """

    kind: str
    roles: frozenset[str] = frozenset()
    csrf: bool = False


def page(*roles: str) -> Rule:
    return Rule("page", frozenset(roles))


def form(*roles: str) -> Rule:
    return Rule("page", frozenset(roles), csrf=True)


def api(*roles: str) -> Rule:
    return Rule("api", frozenset(roles))


# (method, path) -> who may use it. EVERY route of the app is listed; add yours here.
ROUTES: dict[tuple[str, str], Rule] = {
    # Signing in and out, the first manager's one-time setup (auth_routes).
    ("GET", "/"): Rule("public"),
    ("GET", "/login"): Rule("public"),
    ("POST", "/login"): Rule("public", csrf=True),
    ("POST", "/logout"): Rule("public", csrf=True),
    ("GET", "/setup/{token}"): Rule("public"),
    ("POST", "/setup/{token}"): Rule("public", csrf=True),
    ("GET", "/static"): Rule("static"),
    # The JSON API (api, api_plan) and its description.
    ("POST", "/api/login"): Rule("public"),
    ("GET", "/api/openapi.json"): Rule("public"),
    ("GET", "/api/plan"): api(MANAGER, DESK, THERAPIST),
    # The front desk (desk, api_desk) and the manager (manager).
    ("GET", "/desk"): page(DESK, MANAGER),
    ("GET", "/desk/clients"): page(DESK, MANAGER),
    ("POST", "/desk/options"): form(DESK, MANAGER),
    ("POST", "/desk/book"): form(DESK, MANAGER),
    ("GET", "/desk/bookings/{course_id}"): page(DESK, MANAGER),
    ("GET", "/desk/bookings/{course_id}.ics"): page(DESK, MANAGER),
    ("POST", "/api/fit"): api(DESK, MANAGER),
    ("POST", "/api/bookings"): api(DESK, MANAGER),
    ("GET", "/manager"): page(MANAGER),
    ("GET", "/manager/week"): page(MANAGER),
    ("GET", "/manager/week.json"): page(MANAGER),
    ("GET", "/manager/table"): page(MANAGER),
    ("GET", "/manager/left-out"): page(MANAGER),
    ("GET", "/manager/job"): page(MANAGER),
    ("GET", "/manager/job/status"): page(MANAGER),
    ("POST", "/manager/replan"): form(MANAGER),
    ("POST", "/manager/advise"): form(MANAGER),
    ("POST", "/manager/sick-day"): form(MANAGER),
    ("POST", "/manager/room-closed"): form(MANAGER),
    ("POST", "/manager/job/stop"): form(MANAGER),
    ("POST", "/manager/job/publish"): form(MANAGER),
    ("POST", "/manager/job/discard"): form(MANAGER),
    ("GET", "/manager/rollover"): page(MANAGER),
    ("POST", "/manager/rollover"): form(MANAGER),
    # The therapists (therapist).
    ("GET", "/me"): page(THERAPIST),
    ("POST", "/me/feed"): form(THERAPIST),
    ("POST", "/me/feed/revoke"): form(THERAPIST),
    ("GET", "/api/therapists/{therapist_id}/calendar.ics"): Rule("feed"),
    # Accounts (accounts_pages).
    ("GET", "/manager/accounts"): page(MANAGER),
    ("POST", "/manager/accounts/add"): form(MANAGER),
    ("POST", "/manager/accounts/{username}/reset"): form(MANAGER),
    ("POST", "/manager/accounts/{username}/remove"): form(MANAGER),
    ("POST", "/manager/accounts/{username}/revoke-feed"): form(MANAGER),
}
# What each path parameter is filled with: olena's therapist id (vera is "another id"),
# an account the manager may change, a setup token that is not the server's.
PARAMETERS = {
    "therapist_id": "t01",
    "username": "dora",
    "token": "not-the-setup-token",
    "course_id": "co001",
}
USERS = tuple(ACCOUNTS)  # maria (manager), dora (desk), olena (t01), vera (t02)


def app_routes(client: TestClient) -> set[tuple[str, str]]:
    """(method, path) of every route the application serves (HEAD goes with GET), routers
    included through ``include_router`` too."""
    found: set[tuple[str, str]] = set()
    for route in iter_route_contexts(client.app.routes):  # type: ignore[attr-defined]
        path = route.path
        assert path is not None, route
        if isinstance(route.original_route, Mount):
            found.add(("GET", path))
        else:
            found |= {(m, path) for m in route.methods or () if m != "HEAD"}
    return found


def concrete(path: str) -> str:
    for name, value in PARAMETERS.items():
        path = path.replace("{" + name + "}", value)
    return path


def test_every_route_is_in_the_table(client: TestClient) -> None:
    served = app_routes(client)
    missing = sorted(served - set(ROUTES))
    assert not missing, f"routes missing from ROUTES in {__file__}: {missing}"
    stale = sorted(set(ROUTES) - served)
    assert not stale, f"ROUTES lists routes the app no longer has: {stale}"


def _call(client: TestClient, method: str, path: str, **kwargs: object):  # type: ignore[no-untyped-def]
    return client.request(method, path, follow_redirects=False, **kwargs)  # type: ignore[arg-type]


def _stop_jobs(client: TestClient) -> None:
    """End a background job the call started (a re-plan, advice): the test is about who may
    start it, and the job must not outlive the test."""
    board = client.app.state.web.extras.get(JOBS_EXTRA)  # type: ignore[attr-defined]
    held = board.get("job") if board else None
    if held is not None:
        held.job.stop()
        held.job.wait()


def _check_page(client: TestClient, method: str, path: str, rule: Rule) -> None:
    """Anonymous: to the login form; another role: 403; the roles: neither."""
    ordered = sorted(USERS, key=lambda name: ACCOUNTS[name][0] in rule.roles)
    client.cookies.clear()
    token = csrf_of(client.get("/login").text)  # an anonymous session's token
    anonymous = _call(client, method, path, data={"csrf_token": token})
    assert anonymous.status_code == 303, (method, path, "anonymous")
    assert anonymous.headers["location"].startswith("/login"), (method, path)
    for name in ordered:
        client.cookies.clear()
        token = sign_in(client, name)
        if rule.csrf:
            for sent in ({}, {"csrf_token": "forged"}):
                refused = _call(client, method, path, data=sent)
                assert refused.status_code == 403, (method, path, name, sent)
                assert "reload the page" in refused.text
        answer = _call(client, method, path, data={"csrf_token": token})
        _stop_jobs(client)
        if ACCOUNTS[name][0] in rule.roles:
            assert answer.status_code not in (401, 403), (method, path, name)
            assert not answer.headers.get("location", "").startswith("/login"), (path, name)
        else:
            assert answer.status_code == 403, (method, path, name)
            assert "not for your role" in answer.text


def _check_api(client: TestClient, method: str, path: str, rule: Rule) -> None:
    """No token: 401 JSON; another role: 403 JSON; the roles: neither."""
    client.cookies.clear()
    anonymous = _call(client, method, path, json={})
    assert anonymous.status_code == 401, (method, path)
    assert "detail" in anonymous.json()
    for name in USERS:
        headers = api_token(client, name)
        answer = _call(client, method, path, headers=headers, json={})
        if ACCOUNTS[name][0] in rule.roles:
            assert answer.status_code not in (401, 403), (method, path, name)
        else:
            assert answer.status_code == 403, (method, path, name)
            assert "may not" in answer.json()["detail"]


def _check_feed(client: TestClient, web_state: WebState, path: str) -> None:
    """Only olena's own feed token opens her feed: no token, a bearer token of any role, a
    session of any role and another therapist's feed token all get the same 404."""
    refusals = [_call(client, "GET", path)]
    for name in USERS:
        refusals.append(_call(client, "GET", path, headers=api_token(client, name)))
        client.cookies.clear()
        sign_in(client, name)
        refusals.append(_call(client, "GET", path))
    client.cookies.clear()
    vera = web_state.accounts.new_feed_token("vera", by="vera")
    maria = web_state.accounts.new_feed_token("maria", by="maria")
    refusals += [_call(client, "GET", f"{path}?token={t}") for t in (vera, maria)]
    assert {r.status_code for r in refusals} == {404}
    olena = web_state.accounts.new_feed_token("olena", by="olena")
    assert _call(client, "GET", f"{path}?token={olena}").status_code == 200


def _check_public(client: TestClient, method: str, path: str, rule: Rule) -> None:
    """Anyone may ask (signed out too); a form still needs its CSRF token."""
    for name in (None, *USERS):
        client.cookies.clear()
        if name is not None:
            sign_in(client, name)
        if rule.csrf:
            assert _call(client, method, path, data={}).status_code == 403, (path, name)
        elif method == "GET":
            assert _call(client, method, path).status_code < 500, (path, name)


@pytest.mark.parametrize(("method", "path"), sorted(ROUTES), ids=lambda v: str(v))
def test_each_route_refuses_the_roles_it_should(
    client: TestClient, web_state: WebState, method: str, path: str
) -> None:
    rule = ROUTES[(method, path)]
    where = concrete(path)
    if rule.kind == "page":
        _check_page(client, method, where, rule)
    elif rule.kind == "api":
        _check_api(client, method, where, rule)
    elif rule.kind == "feed":
        _check_feed(client, web_state, where)
    elif rule.kind == "static":
        assert client.get(where + "/app.css").status_code == 200
    else:
        _check_public(client, method, where, rule)


def test_the_api_never_answers_a_page_or_a_redirect(client: TestClient) -> None:
    for (method, path), rule in ROUTES.items():
        if rule.kind == "api":
            answer = _call(client, method, concrete(path))
            assert answer.headers["content-type"].startswith("application/json"), path
