"""Faults a spa meets while the server runs: a booking that arrives while another run holds the
spa's lock waits for it instead of failing, and a solver that crashes during the manager's
re-plan shows an error and keeps the published plan."""

from __future__ import annotations

import os
import re
import signal
import threading
import time
from pathlib import Path

import httpx2 as httpx
from fastapi.testclient import TestClient

from planner.archive import Archive, resolve_archive_url
from planner.nightly.lock import spa_lock
from planner.scenario.settings import read_spa
from planner.web.state import WebState
from tests.conftest import Searching
from tests.isolated.helpers import alive, parent_of
from tests.web.conftest import PASSWORD, SpaFiles, api_token, start_server, stop_server

COURSE = {"client_id": "c001", "treatment_id": "classic_massage", "sessions": 2}
# Longer than a command's own wait for the lock (2 s), shorter than the server's (30 s).
HELD_SECONDS = 4.0
# Generous: how long a crashed re-plan may take to be reported on a busy machine.
REPORT_WITHIN = 120.0


def test_a_booking_waits_for_a_run_that_holds_the_spas_lock(
    client: TestClient, web_state: WebState, spa_files: SpaFiles
) -> None:
    dora = api_token(client, "dora")
    fitted = client.post("/api/fit", json=COURSE, headers=dora).json()
    held, release = threading.Event(), threading.Event()

    def nightly_publishing() -> None:
        # What a nightly from cron (another process) holds while it publishes.
        url = resolve_archive_url(str(spa_files.archive))
        with spa_lock(url, spa_files.exports, read_spa(spa_files.scenario)):
            held.set()
            release.wait(HELD_SECONDS)

    holder = threading.Thread(target=nightly_publishing)
    holder.start()
    assert held.wait(60)
    try:
        body = {**COURSE, "version": fitted["version"], "rank": 1}
        answer = client.post("/api/bookings", json=body, headers=dora)
    finally:
        release.set()
        holder.join()
    assert answer.status_code == 201, answer.text
    assert answer.json()["course_id"] in (spa_files.exports / "plan.csv").read_text()


def _signed_in(url: str) -> tuple[httpx.Client, str]:
    web = httpx.Client(base_url=url, follow_redirects=True, timeout=60)
    token = re.search(r'name="csrf-token" content="([^"]+)"', web.get("/login").text)
    assert token
    answer = web.post("/login", data={"username": "maria", "password": PASSWORD,
                                      "csrf_token": token.group(1)})  # fmt: skip
    page = re.search(r'name="csrf-token" content="([^"]+)"', answer.text)
    assert page
    return web, page.group(1)


def test_a_crashed_solver_shows_an_error_and_keeps_the_published_plan(
    searching: Searching, spa_files: SpaFiles
) -> None:
    published = (spa_files.exports / "plan.csv").read_bytes()
    with Archive(str(spa_files.archive)) as archive:
        runs_before = [(r.id, r.published) for r in archive.runs()]
    server = start_server(spa_files, "--time-limit", "600")
    try:
        web, token = _signed_in(server.url)
        started = web.post("/manager/replan", data={"csrf_token": token})
        assert started.status_code == 200, started.text
        [child] = searching(server.process)
        os.kill(child, signal.SIGSEGV)
        deadline = time.monotonic() + REPORT_WITHIN
        page = web.get("/manager/job").text
        while 'id="job-error"' not in page and time.monotonic() < deadline:
            time.sleep(0.5)
            page = web.get("/manager/job").text
        assert 'id="job-error"' in page, page
        assert "the solver crashed" in page
        assert "published plan stays" in page
        # The server lives on, and nothing was published or written.
        assert web.get("/manager").status_code == 200
        assert (spa_files.exports / "plan.csv").read_bytes() == published
        with Archive(str(spa_files.archive)) as archive:
            assert [(r.id, r.published) for r in archive.runs() if r.published] == [
                run for run in runs_before if run[1]
            ]
    finally:
        stop_server(server)


def _fit_workers(server_pid: int) -> list[int]:
    """The server's worker processes that search the desk's fits."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        pid = int(entry.name)
        try:
            if parent_of(pid) == server_pid and b"fit_worker" in (entry / "cmdline").read_bytes():
                found.append(pid)
        except OSError:  # it ended meanwhile
            continue
    return found


def test_the_desk_answers_again_after_its_search_worker_was_killed(spa_files: SpaFiles) -> None:
    server = start_server(spa_files)
    try:
        web = httpx.Client(base_url=server.url, timeout=120)
        token = web.post("/api/login", json={"username": "dora", "password": PASSWORD}).json()
        dora = {"Authorization": f"Bearer {token['token']}"}
        first = web.post("/api/fit", json=COURSE, headers=dora)
        assert first.status_code == 200, first.text
        [worker] = _fit_workers(server.process.pid)
        os.kill(worker, signal.SIGKILL)
        again = web.post("/api/fit", json=COURSE, headers=dora)
        assert again.status_code == 200, again.text
        assert again.json()["options"] == first.json()["options"]
        [restarted] = _fit_workers(server.process.pid)
        assert restarted != worker
        assert web.get("/api/plan", headers=dora).status_code == 200
    finally:
        stop_server(server)
    # The worker ends with the server.
    deadline = time.monotonic() + REPORT_WITHIN
    while alive(restarted) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not alive(restarted)
