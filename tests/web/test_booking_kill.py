"""Nothing lost: a server killed (``kill -9``) at any instant of a booking, then restarted.

Assertions are on the end state only, never on timings: each try kills the server after a
random short delay, wherever the booking is. Afterwards the booking is either whole (the course
and its pins in the scenario folder, a published run holding it, the exports carrying it) or
absent; or, when the kill fell between the scenario's swap and the publish, the course and its
pins are in the scenario folder, and the next re-plan publishes exactly the pinned sessions
(README: "Nothing lost"). The published plan always passes the checker.
"""

from __future__ import annotations

import contextlib
import os
import random
import signal
import threading
from pathlib import Path

import httpx2 as httpx

from planner.check import check_sessions
from planner.live import LiveSpa
from planner.nightly.job import NightlyOptions, run_nightly
from tests.web.conftest import NOW, Server, start_server, stop_server
from tests.web.test_api_desk import course, one_slot_spa, token

TRIES = 4


def _book_then_kill(server: Server, delay: float) -> None:
    headers = token(server.url)
    fit = httpx.post(f"{server.url}/api/fit", json=course("c1"), headers=headers).json()
    body = {**course("c1"), "version": fit["version"], "rank": 1}

    def post() -> None:
        # The server dies under the request: that is the point.
        with contextlib.suppress(httpx.HTTPError):
            httpx.post(f"{server.url}/api/bookings", json=body, headers=headers, timeout=60)

    thread = threading.Thread(target=post)
    thread.start()
    threading.Event().wait(delay)
    os.kill(server.process.pid, signal.SIGKILL)
    server.process.wait()
    thread.join()


def _state(root: Path) -> tuple[bool, bool, bool, bool]:
    """(course in courses.csv, pins in pinned.csv, in the published plan, in exports)."""
    scenario, exports = root / "scenario", root / "exports"
    in_courses = "c1-relax-1" in (scenario / "courses.csv").read_text()
    pinned = scenario / "pinned.csv"
    in_pins = pinned.exists() and "c1-relax-1" in pinned.read_text()
    spa = LiveSpa(scenario, str(root / "archive.sqlite"), exports, now=NOW)
    snapshot = spa.snapshot()
    published = any(s.course_id == "c1-relax-1" for s in snapshot.sessions)
    violations = check_sessions(snapshot.scenario, list(snapshot.sessions))
    # Pinned but not yet published: the only rule the plan breaks is that pin's (12).
    assert [v.rule for v in violations] == ([12] if in_pins and not published else []), violations
    exported = "c1-relax-1" in (exports / "plan.csv").read_text()
    return in_courses, in_pins, published, exported


def test_a_killed_booking_is_whole_or_absent_after_a_restart(tmp_path: Path) -> None:
    seen = set()
    for attempt in range(TRIES):
        root = tmp_path / f"try{attempt}"
        spa = one_slot_spa(root)
        _book_then_kill(start_server(spa), random.uniform(0.0, 1.5))
        restarted = start_server(spa)  # a restart reads whatever the kill left
        stop_server(restarted)
        state = _state(root)
        seen.add(state)
        in_courses, in_pins, published, exported = state
        assert in_courses == in_pins, state  # the scenario's files change in one swap
        if published:
            assert in_courses and exported, state
        elif in_courses:
            # Kept in pinned.csv but not yet published: the next re-plan keeps it.
            run_nightly(NightlyOptions(
                scenario_folder=spa.scenario, archive_url=str(spa.archive),
                exports=spa.exports, now=NOW, time_limit=5.0, deterministic=True,
            ))  # fmt: skip
            assert _state(root) == (True, True, True, True)
        else:
            assert not exported, state
