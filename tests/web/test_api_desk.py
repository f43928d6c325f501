"""The front desk's JSON API: POST /api/fit and POST /api/bookings, on the published demo week."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import httpx2 as httpx
from fastapi.testclient import TestClient

from planner.accounts import Accounts
from planner.check import check_sessions
from planner.live import LiveSpa
from planner.nightly.job import NightlyOptions, run_nightly
from planner.web.state import WebState
from tests.conftest import write_scenario
from tests.web.conftest import (
    NOW,
    NOW_TEXT,
    PASSWORD,
    SpaFiles,
    api_token,
    start_server,
    stop_server,
)

COURSE = {"client_id": "c001", "treatment_id": "classic_massage", "sessions": 2}


def _fit(client: TestClient, who: str = "dora", **fields: Any) -> Any:
    answer = client.post("/api/fit", json={**COURSE, **fields}, headers=api_token(client, who))
    assert answer.status_code == 200, answer.text
    return answer.json()


def test_a_fit_answers_fits_document_with_the_plans_version(
    client: TestClient, web_state: WebState
) -> None:
    document = _fit(client)
    assert document["version"] == web_state.spa.version() > 0
    assert document["course_id"].startswith("c001-classic_massage-")
    assert 1 <= len(document["options"]) <= 5
    for option in document["options"]:
        assert len(option["sessions"]) == 2
        # Nothing before the spa's clock (08:00) plus the hour of lead time.
        assert all(s["start"] >= "2026-12-07T09:00" for s in option["sessions"])
    assert document["options"][0]["sessions"][0]["start"] > NOW_TEXT


def test_only_desk_and_manager_may_fit_or_book(client: TestClient) -> None:
    assert client.post("/api/fit", json=COURSE).status_code == 401
    olena = api_token(client, "olena")
    assert client.post("/api/fit", json=COURSE, headers=olena).status_code == 403
    booking = {**COURSE, "version": 1, "rank": 1}
    assert client.post("/api/bookings", json=booking, headers=olena).status_code == 403
    assert client.post("/api/fit", json=COURSE, headers=api_token(client, "maria")).is_success


def test_every_bad_field_is_a_422_naming_it(client: TestClient) -> None:
    dora = api_token(client, "dora")
    cases = {
        "sessions": {"sessions": 0},
        "treatment_id": {"treatment_id": "no_such_treatment"},
        "earliest": {"earliest": "tomorrow"},
        "preferred_therapist": {"preferred_therapist": "t99"},
        "availability.0.date": {"availability": [
            {"date": "9 Dec", "start": "17:00", "end": "21:00"}]},
        "availability": {"client_id": "c999", "availability": [
            {"date": "2027-01-09", "start": "17:00", "end": "21:00"}]},
        "latest": {"earliest": "2026-12-10T10:00", "latest": "2026-12-09T10:00"},
    }  # fmt: skip
    for field, change in cases.items():
        answer = client.post("/api/fit", json={**COURSE, **change}, headers=dora)
        assert answer.status_code == 422, (field, answer.text)
        assert field in [f["field"] for f in answer.json()["fields"]], (field, answer.text)
    both = {**COURSE, "version": 1, "rank": 1, "option": {"sessions": []}}
    assert client.post("/api/bookings", json=both, headers=dora).status_code == 422


def test_booking_rank_1_publishes_the_option_that_was_shown(
    client: TestClient, web_state: WebState, spa_files: SpaFiles
) -> None:
    document = _fit(client)
    body = {**COURSE, "version": document["version"], "rank": 1}
    answer = client.post("/api/bookings", json=body, headers=api_token(client, "dora"))
    assert answer.status_code == 201, answer.text
    booked = answer.json()
    assert booked["version"] > document["version"]
    assert booked["course_id"] == document["course_id"]
    shown = document["options"][0]["sessions"]
    assert [(s["start"], s["therapist_id"]) for s in booked["booked"]] == [
        (s["start"], s["therapist_id"]) for s in shown
    ]
    assert booked["course_id"] in (spa_files.scenario / "courses.csv").read_text()
    assert booked["course_id"] in (spa_files.exports / "plan.csv").read_text()
    snapshot = web_state.spa.snapshot()
    assert snapshot.version == booked["version"]
    assert check_sessions(snapshot.scenario, list(snapshot.sessions)) == []
    [entry] = web_state.accounts.audit_trail(actions=["course booked"])
    assert entry.username == "dora" and entry.detail["course_id"] == booked["course_id"]


def test_an_option_taken_meanwhile_is_a_409_with_fresh_options(
    client: TestClient, spa_files: SpaFiles
) -> None:
    dora = api_token(client, "dora")
    first = _fit(client, client_id="c001")
    second = _fit(client, client_id="c002", sessions=2)
    option = first["options"][0]
    taken = {**COURSE, "version": first["version"], "option": option}
    assert client.post("/api/bookings", json=taken, headers=dora).status_code == 201
    # The same sessions again, for the same client and from the stale version: never twice.
    again = client.post("/api/bookings", json=taken, headers=dora)
    assert again.status_code == 409, again.text
    fresh = again.json()["options"]
    assert fresh["version"] > first["version"]
    assert option["sessions"] not in [o["sessions"] for o in fresh["options"]]
    # Rank K of a version the desk never showed (or forgot): fresh options, nothing booked.
    stale = {**COURSE, "client_id": "c002", "version": second["version"] + 99, "rank": 1}
    assert client.post("/api/bookings", json=stale, headers=dora).status_code == 409
    assert (spa_files.scenario / "courses.csv").read_text().count("c001-classic_massage") == 1


def test_a_new_client_with_markup_in_the_name_is_stored_as_text(
    client: TestClient, spa_files: SpaFiles
) -> None:
    name = "<img src=x onerror=alert(1)>"
    new = {
        "client_id": "c900",
        "client_name": name,
        "phone": "+380 44 555 9000",
        "treatment_id": "relaxing_massage",
        "sessions": 1,
        "availability": [{"date": "2026-12-09", "start": "13:00", "end": "21:00"}],
    }
    document = _fit(client, **new)
    assert document["options"], document
    assert all(o["sessions"][0]["start"].startswith("2026-12-09") for o in document["options"])
    body = {**new, "version": document["version"], "rank": 1}
    answer = client.post("/api/bookings", json=body, headers=api_token(client, "dora"))
    assert answer.status_code == 201, answer.text
    assert name in (spa_files.scenario / "clients.csv").read_text()
    assert (
        "c900,2026-12-09,13:00,21:00"
        in (spa_files.scenario / "client_availability.csv").read_text()
    )


# The race of issue item 8, through a real server.
# One therapist for 90 minutes on the second day: one 75-minute first session fits, once.
ONE_SLOT = {
    "shifts.csv": "therapist_id,date,start,end\nt1,2026-12-08,09:00,10:30",
    "clients.csv": "client_id,name\nc1,Anna\nc2,Bohdan",
    "courses.csv": "course_id,client_id,treatment_id,sessions",
}


def one_slot_spa(root: Path) -> SpaFiles:
    """A published tiny spa with one free slot, and a desk account ``dora``."""
    spa = SpaFiles(root / "scenario", root / "archive.sqlite", root / "exports")
    write_scenario(spa.scenario, ONE_SLOT)
    run_nightly(NightlyOptions(
        scenario_folder=spa.scenario, archive_url=str(spa.archive), exports=spa.exports,
        now=NOW, time_limit=5.0, deterministic=True,
    ))  # fmt: skip
    with Accounts(str(spa.archive)) as accounts:
        accounts.add("dora", "desk", PASSWORD)
    return spa


def token(url: str) -> dict[str, str]:
    answer = httpx.post(f"{url}/api/login", json={"username": "dora", "password": PASSWORD})
    return {"Authorization": f"Bearer {answer.json()['token']}"}


def course(client_id: str) -> dict[str, Any]:
    return {"client_id": client_id, "treatment_id": "relax", "sessions": 1}


def test_two_bookings_for_the_last_slot_one_201_one_409(tmp_path: Path) -> None:
    spa = one_slot_spa(tmp_path)
    server = start_server(spa)
    try:
        headers = token(server.url)
        shown = {}
        for client_id in ("c1", "c2"):
            fit = httpx.post(f"{server.url}/api/fit", json=course(client_id), headers=headers)
            assert len(fit.json()["options"]) == 1, fit.text
            shown[client_id] = fit.json()
        answers: dict[str, httpx.Response] = {}
        start = threading.Barrier(2)

        def book(client_id: str) -> None:
            body = {**course(client_id), "version": shown[client_id]["version"], "rank": 1}
            start.wait()
            answers[client_id] = httpx.post(
                f"{server.url}/api/bookings", json=body, headers=headers, timeout=120
            )

        threads = [threading.Thread(target=book, args=(c,)) for c in ("c1", "c2")]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        stop_server(server)
    codes = sorted(a.status_code for a in answers.values())
    assert codes == [201, 409], {c: a.text for c, a in answers.items()}
    loser = next(a for a in answers.values() if a.status_code == 409)
    assert loser.json()["options"]["options"] == []
    courses = (spa.scenario / "courses.csv").read_text()
    assert courses.count("-relax-") == 1
    snapshot = LiveSpa(spa.scenario, str(spa.archive), spa.exports, now=NOW).snapshot()
    assert len(snapshot.sessions) == 1
    assert check_sessions(snapshot.scenario, list(snapshot.sessions)) == []


def test_a_new_client_without_an_id_needs_a_name(client: TestClient) -> None:
    nameless = {k: v for k, v in COURSE.items() if k != "client_id"}
    answer = client.post("/api/fit", json=nameless, headers=api_token(client, "dora"))
    assert answer.status_code == 422, answer.text
    assert [f["field"] for f in answer.json()["fields"]] == ["client_name"]


def test_two_desks_adding_new_clients_at_once_get_two_ids(spa_files: SpaFiles) -> None:
    server = start_server(spa_files)
    try:
        headers = token(server.url)
        bodies = {
            name: {"client_name": name, "treatment_id": "relaxing_massage", "sessions": 1,
                   "availability": [{"date": day, "start": "13:00", "end": "21:00"}]}
            for name, day in (("Anna New", "2026-12-09"), ("Bohdan New", "2026-12-10"))
        }  # fmt: skip
        fits = {
            name: httpx.post(f"{server.url}/api/fit", json=body, headers=headers).json()
            for name, body in bodies.items()
        }
        # Both were fitted as the same next free id: only the booking picks the real one.
        assert len({fit["course_id"] for fit in fits.values()}) == 1, fits
        answers: dict[str, httpx.Response] = {}
        start = threading.Barrier(2)

        def book(name: str) -> None:
            body = {**bodies[name], "version": fits[name]["version"], "rank": 1}
            start.wait()
            answers[name] = httpx.post(
                f"{server.url}/api/bookings", json=body, headers=headers, timeout=120
            )

        threads = [threading.Thread(target=book, args=(name,)) for name in bodies]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        stop_server(server)
    assert [a.status_code for a in answers.values()] == [201, 201], [
        a.text for a in answers.values()
    ]
    ids = {name: answer.json()["client_id"] for name, answer in answers.items()}
    assert len(set(ids.values())) == 2, ids
    clients = (spa_files.scenario / "clients.csv").read_text().splitlines()
    for name, client_id in ids.items():
        [row] = [line for line in clients if line.startswith(f"{client_id},")]
        assert row.split(",")[1] == name, clients
    spa = LiveSpa(spa_files.scenario, str(spa_files.archive), spa_files.exports, now=NOW)
    state = spa.snapshot()
    assert check_sessions(state.scenario, list(state.sessions)) == []
    booked = {s.client_id for s in state.sessions if s.course_id in
              {a.json()["course_id"] for a in answers.values()}}  # fmt: skip
    assert booked == set(ids.values())
