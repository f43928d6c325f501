"""Fixtures of the web app's tests: a published demo week, accounts of every role, a client
that sends real requests to the application, a real server process and a real browser.

The demo week is planned and published once per test session (deterministic search); each test
gets its own copy of the scenario folder, archive and exports folder.
"""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from planner.accounts import Accounts
from planner.nightly.job import NightlyOptions, run_nightly
from planner.web import ServeConfig, create_app
from planner.web.state import WebState

DEMO = Path(__file__).resolve().parents[2] / "scenarios" / "demo-week"
# Monday morning of the demo week, before the spa opens: the whole week lies ahead.
NOW = datetime(2026, 12, 7, 8, 0)
NOW_TEXT = "2026-12-07T08:00"
# The address the test client sends from: this machine (the setup link is for it only).
LOOPBACK = ("127.0.0.1", 50000)
PASSWORD = "correct horse 1"
# Accounts every test app has: name -> (role, therapist id).
ACCOUNTS = {
    "maria": ("manager", None),
    "dora": ("desk", None),
    "olena": ("therapist", "t01"),
    "vera": ("therapist", "t02"),
}
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@dataclass(frozen=True)
class SpaFiles:
    """A spa's scenario folder, archive and exports folder, with a published plan."""

    scenario: Path
    archive: Path
    exports: Path

    def config(self, **changes: object) -> ServeConfig:
        """A server configuration for this spa at the test clock."""
        values: dict[str, object] = {
            "scenario": self.scenario,
            "archive_url": str(self.archive),
            "exports": self.exports,
            "now": NOW,
            "time_limit": 5.0,
        }
        values.update(changes)
        return ServeConfig(**values)  # type: ignore[arg-type]


def _publish(spa: SpaFiles) -> None:
    run_nightly(
        NightlyOptions(
            scenario_folder=spa.scenario,
            archive_url=str(spa.archive),
            exports=spa.exports,
            now=datetime(2026, 12, 7, 7, 0),
            time_limit=5.0,
            deterministic=True,
        )
    )


@pytest.fixture(scope="session")
def published_demo(tmp_path_factory: pytest.TempPathFactory) -> SpaFiles:
    """The demo week with its first plan published (made once per test session)."""
    root = tmp_path_factory.mktemp("published-demo")
    spa = SpaFiles(root / "demo-week", root / "archive.sqlite", root / "exports")
    shutil.copytree(DEMO, spa.scenario)
    _publish(spa)
    with Accounts(str(spa.archive)) as accounts:
        for name, (role, therapist) in ACCOUNTS.items():
            accounts.add(name, role, PASSWORD, therapist)
    return spa


@pytest.fixture
def spa_files(published_demo: SpaFiles, tmp_path: Path) -> SpaFiles:
    """This test's own copy of the published demo week (with the accounts)."""
    root = tmp_path / "spa"
    root.mkdir()
    spa = SpaFiles(root / "demo-week", root / "archive.sqlite", root / "exports")
    shutil.copytree(published_demo.scenario, spa.scenario)
    shutil.copy2(published_demo.archive, spa.archive)
    shutil.copytree(published_demo.exports, spa.exports)
    return spa


@pytest.fixture
def web_state(spa_files: SpaFiles) -> WebState:
    """The server state of this test's spa."""
    return WebState.start(spa_files.config())


@pytest.fixture
def client(web_state: WebState) -> Iterator[TestClient]:
    """Real HTTP requests to the application (no server process)."""
    app = create_app(web_state.config, web_state)
    with TestClient(app, base_url="http://127.0.0.1", client=LOOPBACK) as test_client:
        yield test_client


def csrf_of(html: str) -> str:
    """The CSRF token a page carries (meta tag)."""
    found = re.search(r'<meta name="csrf-token" content="([^"]+)"', html)
    assert found, "the page has no CSRF token"
    return found.group(1)


def sign_in(client: TestClient, username: str, password: str = PASSWORD) -> str:
    """Sign ``username`` in through the login form; returns the session's CSRF token."""
    token = csrf_of(client.get("/login").text)
    answer = client.post(
        "/login",
        data={"username": username, "password": password, "csrf_token": token},
        follow_redirects=False,
    )
    assert answer.status_code == 303, answer.text
    return csrf_of(client.get(answer.headers["location"]).text)


def api_token(client: TestClient, username: str, password: str = PASSWORD) -> dict[str, str]:
    """The ``Authorization`` header of ``username``'s API token."""
    answer = client.post("/api/login", json={"username": username, "password": password})
    assert answer.status_code == 200, answer.text
    return {"Authorization": f"Bearer {answer.json()['token']}"}


def free_port() -> int:
    """A TCP port nobody listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Server:
    """A ``planner serve`` process of a test."""

    process: subprocess.Popen[bytes]
    url: str
    spa: SpaFiles
    log: Path

    def output(self) -> str:
        """What the server printed so far."""
        return self.log.read_text(encoding="utf-8", errors="replace")


def start_server(spa: SpaFiles, *extra: str, wait: float = 60.0) -> Server:
    """Start ``planner serve`` for ``spa`` on a free port and wait until it answers."""
    port = free_port()
    log = spa.scenario.parent / f"serve-{port}.log"
    command = [
        sys.executable, "-m", "planner", "serve", str(spa.scenario),
        "--archive", str(spa.archive), "--exports", str(spa.exports),
        "--port", str(port), "--now", NOW_TEXT, "--time-limit", "5", *extra,
    ]  # fmt: skip
    with log.open("wb") as sink:
        process = subprocess.Popen(command, stdout=sink, stderr=subprocess.STDOUT)
    server = Server(process, f"http://127.0.0.1:{port}", spa, log)
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"planner serve exited: {server.output()}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return server
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError(f"planner serve did not start in {wait} s: {server.output()}")


def stop_server(server: Server) -> None:
    """Stop a server process (SIGTERM, then SIGKILL)."""
    if server.process.poll() is None:
        server.process.terminate()
        try:
            server.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.process.kill()
            server.process.wait()


@pytest.fixture
def server(spa_files: SpaFiles) -> Iterator[Server]:
    """A real ``planner serve`` process for this test's spa."""
    running = start_server(spa_files)
    yield running
    stop_server(running)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Headless Chromium (Debian's, launched by Playwright with ``executable_path``)."""
    if CHROMIUM is None:
        pytest.skip("chromium is not installed (.ci/run installs Debian's chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield launched
        launched.close()


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    """A fresh browser context and page (no cookies of another test)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    page = context.new_page()
    yield page
    context.close()


def browser_sign_in(page: object, server: Server, username: str) -> None:
    """Sign in through the login form in the browser."""
    page.goto(server.url + "/login")  # type: ignore[attr-defined]
    page.fill("input[name=username]", username)  # type: ignore[attr-defined]
    page.fill("input[name=password]", PASSWORD)  # type: ignore[attr-defined]
    page.click("button[type=submit]")  # type: ignore[attr-defined]
    page.wait_for_load_state()  # type: ignore[attr-defined]
