"""``planner serve`` as a process: it starts, prints where, refuses unsafe addresses."""

from __future__ import annotations

import subprocess
import sys
import urllib.request

from tests.web.conftest import Server, SpaFiles, browser_sign_in


def _serve(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "planner", "serve", *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_another_address_without_tls_is_refused(spa_files: SpaFiles) -> None:
    done = _serve(str(spa_files.scenario), "--archive", str(spa_files.archive), "--host",
                  "0.0.0.0")  # fmt: skip
    assert done.returncode == 2
    assert "--tls-cert" in done.stderr and "--behind-proxy" in done.stderr


def test_half_a_tls_pair_is_refused(spa_files: SpaFiles) -> None:
    done = _serve(str(spa_files.scenario), "--tls-cert", str(spa_files.archive))
    assert done.returncode == 2
    assert "go together" in done.stderr


def test_the_server_answers_and_sends_security_headers(server: Server) -> None:
    with urllib.request.urlopen(server.url + "/login") as answer:
        assert answer.status == 200
        policy = answer.headers["content-security-policy"]
        assert "script-src 'self'" in policy
        assert answer.headers["x-frame-options"] == "DENY"


def test_a_manager_signs_in_in_a_real_browser(server: Server, page: object) -> None:
    browser_sign_in(page, server, "maria")
    assert page.url.endswith("/manager")  # type: ignore[attr-defined]
    cookies = page.context.cookies()  # type: ignore[attr-defined]
    session = next(c for c in cookies if c["name"] == "planner_session")
    assert session["httpOnly"] and session["sameSite"] == "Lax"


def test_a_scenario_that_cant_load_does_not_stop_the_start(spa_files: SpaFiles) -> None:
    from planner.web.serve import complete_unfinished
    from planner.web.state import WebState

    courses = spa_files.scenario / "courses.csv"
    courses.write_text(courses.read_text() + "broken-course,nobody,no_such_treatment,x\n")
    state = WebState.start(spa_files.config())
    try:
        [line] = complete_unfinished(state)
    finally:
        state.accounts.close()
    assert line.startswith(
        "warning: unfinished bookings were not looked for: the spa can't be read"
    )
    assert "no_such_treatment" not in line  # the pages name the cells, not the terminal
    # Nothing to complete on a healthy spa: nothing said.
    courses.write_text(
        courses.read_text().replace("broken-course,nobody,no_such_treatment,x\n", "")
    )
    state = WebState.start(spa_files.config())
    try:
        assert complete_unfinished(state) == []
    finally:
        state.accounts.close()
