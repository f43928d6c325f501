"""Serving beyond this machine: HTTPS with a certificate, or behind a reverse proxy on this
machine that terminates TLS (its ``X-Forwarded-*`` headers believed from loopback only)."""

from __future__ import annotations

import re
import shutil
import ssl
import subprocess
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from planner.web import create_app
from planner.web.serve import uvicorn_options
from planner.web.state import WebState
from tests.web.conftest import SpaFiles, csrf_of, start_server, stop_server

OPENSSL = shutil.which("openssl")


def _self_signed(folder: Path) -> tuple[Path, Path]:
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [OPENSSL or "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
         "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
         "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    return cert, key


@pytest.mark.skipif(OPENSSL is None, reason="the openssl command is not installed")
def test_with_a_certificate_it_serves_https_on_every_address(
    spa_files: SpaFiles, tmp_path: Path
) -> None:
    cert, key = _self_signed(tmp_path)
    server = start_server(
        spa_files, "--host", "0.0.0.0", "--tls-cert", str(cert), "--tls-key", str(key)
    )
    try:
        https = server.url.replace("http://", "https://")
        trusted = ssl.create_default_context(cafile=str(cert))
        with urllib.request.urlopen(https + "/login", context=trusted) as answer:
            assert answer.status == 200
            cookie = answer.headers["set-cookie"]
            assert "secure" in cookie.lower() and "httponly" in cookie.lower()
        # Plain HTTP on the same port is not served.
        with pytest.raises(OSError):
            urllib.request.urlopen(server.url + "/login", timeout=10)
    finally:
        stop_server(server)


def _proxied(state: WebState, client_host: str) -> TestClient:
    """The app wrapped as uvicorn wraps it for ``--behind-proxy``, reached from ``client_host``."""
    options = uvicorn_options(state.config)
    assert options["proxy_headers"] is True
    app = ProxyHeadersMiddleware(
        create_app(state.config, state), trusted_hosts=options["forwarded_allow_ips"]
    )
    return TestClient(app, base_url="http://127.0.0.1", client=(client_host, 40000))  # type: ignore[arg-type]


def _send(client: TestClient, method: str, path: str, **kwargs: Any) -> Any:
    """A request; the session cookie kept though it is Secure (the test client speaks plain
    HTTP to the app, as a proxy on this machine does; the browser's side is HTTPS)."""
    answer = client.request(method, path, **kwargs)
    for response in (*answer.history, answer):
        session = response.cookies.get("planner_session")
        if session:
            client.cookies.clear()
            client.cookies.set("planner_session", session)
    return answer


def _feed_url(client: TestClient, headers: dict[str, str]) -> str:
    """Sign olena in and make her feed: its URL says which scheme the app believes."""
    token = csrf_of(_send(client, "GET", "/login", headers=headers).text)
    _send(
        client,
        "POST",
        "/login",
        data={"username": "olena", "password": "correct horse 1", "csrf_token": token},
        headers=headers,
        follow_redirects=False,
    )
    page = _send(client, "GET", "/me", headers=headers).text
    made = _send(client, "POST", "/me/feed", data={"csrf_token": csrf_of(page)}, headers=headers)
    found = re.search(r'id="feed-url" readonly value="([^"]+)"', made.text)
    assert found, made.text
    return found.group(1)


def test_behind_a_proxy_on_this_machine_its_https_is_believed(spa_files: SpaFiles) -> None:
    state = WebState.start(spa_files.config(behind_proxy=True))
    with _proxied(state, "127.0.0.1") as client:
        # The session cookie is Secure: the browser reaches the proxy over HTTPS only.
        answer = client.get("/login", headers={"x-forwarded-proto": "https"})
        assert "secure" in answer.headers["set-cookie"].lower()
        url = _feed_url(client, {"x-forwarded-proto": "https"})
    assert url.startswith("https://")


def test_forwarded_headers_from_elsewhere_are_not_believed(spa_files: SpaFiles) -> None:
    state = WebState.start(spa_files.config(behind_proxy=True, host="0.0.0.0"))
    with _proxied(state, "203.0.113.9") as client:
        forged = {"x-forwarded-proto": "https", "x-forwarded-for": "127.0.0.1"}
        url = _feed_url(client, forged)
        assert url.startswith("http://")
        # Nor its claim to be this machine: the setup link stays refused.
        state.setup_token = "one-time"
        assert client.get("/setup/one-time", headers=forged).status_code == 404


def test_without_a_proxy_no_forwarded_header_is_read(spa_files: SpaFiles) -> None:
    options = uvicorn_options(spa_files.config())
    assert options["proxy_headers"] is False and options["access_log"] is False
