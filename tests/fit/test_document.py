"""The fit answer as data (``planner fit --json``): options, moves, reason, all in contract times.

The base spa of ``tests/conftest.py``: one therapist 09:00-17:00 on Monday 2026-12-07 and
Tuesday, one room, hour-long relaxing massages, a published plan that is empty.
"""

from __future__ import annotations

import json
from dataclasses import replace

from planner.fit import FitRequest, fit_course, plan_with
from planner.fit.document import fit_document, option_document, options_found
from planner.fit.moves import Move
from planner.scenario import load_scenario

NEW = FitRequest(client_id="c2", treatment_id="relax", sessions=1, needs_assessment=False)


def test_the_document_lists_the_top_options_in_contract_times(make_scenario) -> None:
    scenario, _ = load_scenario(make_scenario())
    result = fit_course(scenario, [], NEW, top=5)
    document = fit_document(result, [], top=2)
    assert document["course_id"] == result.course.id
    assert "reason" not in document
    assert [o["rank"] for o in document["options"]] == [1, 2]
    first = document["options"][0]
    assert first["complete"] is True
    assert first["moves"] == []
    assert first["sessions"] == [
        {"session": 1, "therapist_id": "t1", "room_id": "r1",
         "start": "2026-12-07T09:00", "end": "2026-12-07T10:00"}
    ]  # fmt: skip
    # The penalty is the one the booked plan adds by the contract's score.
    assert first["penalty_delta"] == plan_with(result, [], 1)[2]
    assert json.loads(json.dumps(document)) == document


def test_no_complete_booking_gives_the_reason_and_the_prefixes(make_scenario) -> None:
    # Two days and 24 h between sessions: a third session never fits.
    scenario, _ = load_scenario(make_scenario())
    result = fit_course(scenario, [], replace(NEW, sessions=3), top=5)
    document = fit_document(result, [], top=5)
    assert document["reason"].startswith("Session 3 of 3")
    assert document["options"]
    assert all(not o["complete"] and len(o["sessions"]) == 2 for o in document["options"])


def test_a_moved_session_shows_where_it_was_and_where_it_goes(make_scenario) -> None:
    scenario, _ = load_scenario(make_scenario())
    result = fit_course(scenario, [], NEW, top=1)
    move = Move("co1", 1, "t1", "r1", 600, 660, "t1", "r1", 2040)
    moved = replace(result, moves={1: (move,)})
    assert option_document(moved, 1, 7)["moves"] == [
        {
            "course_id": "co1",
            "session": 1,
            "from": {"therapist_id": "t1", "room_id": "r1", "start": "2026-12-07T10:00"},
            "to": {"therapist_id": "t1", "room_id": "r1", "start": "2026-12-08T10:00"},
        }
    ]
    assert option_document(moved, 1, 7)["penalty_delta"] == 7


def test_options_found_says_how_many_in_words() -> None:
    assert options_found(0) == "no option fits"
    assert options_found(1) == "only 1 option fits"
    assert options_found(3) == "only 3 options fit"
