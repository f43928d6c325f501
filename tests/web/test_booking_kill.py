"""Nothing lost: a server killed (``kill -9``) at any instant of a booking, then restarted.

Assertions are on the end state only, never on timings. After the restart the booking is
either whole (the course in ``courses.csv``, its pins in ``pinned.csv``, the archive's
published plan and the exports' ``plan.csv`` carrying every booked session, ``planner check``
passing on the exports' plan) or absent (no course, no pins, the plan as it was). The random
tries kill wherever the booking is; one try pauses the booking with the test hook
``PLANNER_TEST_BOOKING_PAUSE`` between the scenario's swap and the archive (the window a
restart must close) and kills it there for sure.
"""

from __future__ import annotations

import contextlib
import os
import random
import signal
import subprocess
import sys
import threading
from pathlib import Path

import httpx2 as httpx
import pytest

from planner.live import LiveSpa
from planner.plan.types import PlannedSession
from tests.web.conftest import NOW, Server, SpaFiles, start_server, stop_server
from tests.web.test_api_desk import course, one_slot_spa, token

TRIES = 4
COURSE = "c1-relax-1"
HOOK = "PLANNER_TEST_BOOKING_PAUSE"


def _post_booking(server: Server) -> threading.Thread:
    headers = token(server.url)
    fit = httpx.post(f"{server.url}/api/fit", json=course("c1"), headers=headers).json()
    body = {**course("c1"), "version": fit["version"], "rank": 1}

    def post() -> None:
        # The server dies under the request: that is the point.
        with contextlib.suppress(httpx.HTTPError):
            httpx.post(f"{server.url}/api/bookings", json=body, headers=headers, timeout=90)

    thread = threading.Thread(target=post)
    thread.start()
    return thread


def _kill(server: Server, thread: threading.Thread) -> None:
    os.kill(server.process.pid, signal.SIGKILL)
    server.process.wait()
    thread.join()


def _published(spa: SpaFiles) -> tuple[int, list[PlannedSession]]:
    snapshot = LiveSpa(spa.scenario, str(spa.archive), spa.exports, now=NOW).snapshot()
    return snapshot.version, list(snapshot.sessions)


def _check_exports(spa: SpaFiles) -> None:
    command = [sys.executable, "-m", "planner", "check", str(spa.scenario),
               str(spa.exports / "plan.csv")]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


def _whole_or_none(spa: SpaFiles, before: tuple[int, list[PlannedSession], str]) -> bool:
    """Assert the booking is whole or absent after the restart; True if whole."""
    in_courses = COURSE in (spa.scenario / "courses.csv").read_text()
    pinned = spa.scenario / "pinned.csv"
    pins = [line for line in pinned.read_text().splitlines()
            if line.startswith(COURSE)] if pinned.exists() else []  # fmt: skip
    version, sessions = _published(spa)
    exported = (spa.exports / "plan.csv").read_text()
    _check_exports(spa)
    if not in_courses:
        assert pins == [], pins
        assert (version, sessions, exported) == before
        return False
    booked = [s for s in sessions if s.course_id == COURSE]
    assert len(pins) == len(booked) == 1, (pins, booked)
    [session] = booked
    # The pin's therapist, room and start are the published session's, in archive and exports.
    assert pins[0].split(",")[2:4] == [session.therapist_id, session.room_id], pins
    assert f"{COURSE},1,c1,relax,{session.therapist_id},{session.room_id}," in exported
    assert version > before[0]
    return True


def _before(spa: SpaFiles) -> tuple[int, list[PlannedSession], str]:
    return (*_published(spa), (spa.exports / "plan.csv").read_text())


def test_a_booking_killed_at_random_instants_is_whole_or_absent(tmp_path: Path) -> None:
    for attempt in range(TRIES):
        spa = one_slot_spa(tmp_path / f"try{attempt}")
        before = _before(spa)
        server = start_server(spa)
        thread = _post_booking(server)
        threading.Event().wait(random.uniform(0.0, 1.5))
        _kill(server, thread)
        restarted = start_server(spa)  # a restart completes whatever the kill left
        stop_server(restarted)
        _whole_or_none(spa, before)


def test_a_booking_killed_between_the_scenario_and_the_publish_is_completed_at_restart(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spa = one_slot_spa(tmp_path)
    before = _before(spa)
    marker = tmp_path / "paused"
    monkeypatch.setenv(HOOK, str(marker))
    server = start_server(spa)
    monkeypatch.delenv(HOOK)
    thread = _post_booking(server)
    # Waits for the booking to reach the window (a state, not a time); a minute at most.
    for _ in range(600):
        if marker.exists() or not thread.is_alive():
            break
        threading.Event().wait(0.1)
    assert marker.exists(), server.output()
    _kill(server, thread)
    assert COURSE in (spa.scenario / "courses.csv").read_text()
    assert _published(spa)[0] == before[0]  # the window: in the scenario, not yet published
    restarted = start_server(spa)
    try:
        assert _whole_or_none(spa, before)
        assert "completed a booking after a restart" in restarted.output()
        # The restarted server shows it and books on from it.
        answer = httpx.post(
            f"{restarted.url}/api/fit", json=course("c2"), headers=token(restarted.url)
        )
        assert answer.json()["options"] == [], answer.text
    finally:
        stop_server(restarted)
