"""The desk's worker process: the same answers as the in-process desk, its errors, its restarts."""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest

from planner.fit import FitRequest
from planner.live import Desk, DeskRequestError, FitWorker, LiveSpa, SpaUnavailable
from tests.live.conftest import Spa

REQUESTS = [
    FitRequest(client_id="c001", treatment_id="classic_massage", sessions=3),
    FitRequest(
        client_id="c002", treatment_id="relaxing_massage", sessions=1, preferred_therapist="t01"
    ),
    FitRequest(client_id="", client_name="New Client", treatment_id="lymph_drainage", sessions=6),
]


@pytest.fixture
def live(spa: Spa) -> LiveSpa:
    return spa.live()


@pytest.fixture
def worker(live: LiveSpa) -> Iterator[FitWorker]:
    worker = FitWorker(live)
    yield worker
    worker.close()


def _pid(worker: FitWorker) -> int:
    assert worker._process is not None
    return worker._process.pid


def test_the_worker_answers_what_the_desk_in_this_process_answers(
    live: LiveSpa, worker: FitWorker
) -> None:
    here = Desk(live)
    there = Desk(live, worker=worker)
    for request in REQUESTS:
        mine, its = here.fit(request, 3), there.fit(request, 3)
        assert its.document["options"], request
        assert {**its.document, "seconds": 0} == {**mine.document, "seconds": 0}
        assert (its.version, its.course, its.client_name) == (
            mine.version, mine.course, mine.client_name,
        )  # fmt: skip


def test_a_booking_through_the_desk_is_seen_by_the_workers_next_fit(
    live: LiveSpa, worker: FitWorker
) -> None:
    desk = Desk(live, worker=worker)
    shown = desk.fit(REQUESTS[0])
    booking = desk.book(REQUESTS[0], shown.version, rank=1)
    again = desk.fit(REQUESTS[1])
    assert again.version == booking.version > shown.version
    booked = {(s["therapist_id"], s["start"]) for s in booking.booked}
    offered = {(s["therapist_id"], s["start"]) for o in again.document["options"]
               for s in o["sessions"]}  # fmt: skip
    assert not booked & offered


def test_the_workers_errors_are_the_desks_errors(live: LiveSpa, worker: FitWorker) -> None:
    with pytest.raises(DeskRequestError) as error:
        worker.fit(FitRequest(client_id="c001", treatment_id="nope", sessions=1))
    assert error.value.field == "treatment_id"
    # The worker goes on serving after an error.
    assert worker.fit(REQUESTS[0]).document["options"]


def test_nothing_published_is_unavailable_from_the_worker(spa: Spa, tmp_path: Path) -> None:
    empty = LiveSpa(spa.scenario, tmp_path / "empty.sqlite", tmp_path / "out")
    worker = FitWorker(empty)
    try:
        with pytest.raises(SpaUnavailable, match="no plan is published"):
            worker.fit(REQUESTS[0])
    finally:
        worker.close()


def test_a_killed_worker_is_started_again_by_the_next_fit(worker: FitWorker) -> None:
    worker.warm()
    first = _pid(worker)
    os.kill(first, signal.SIGKILL)
    answer = worker.fit(REQUESTS[0])
    assert answer.document["options"]
    assert _pid(worker) != first


def test_closing_ends_the_worker(worker: FitWorker) -> None:
    worker.warm()
    process = worker._process
    assert process is not None and process.poll() is None
    worker.close()
    assert process.poll() is not None
