"""The relaxation bound computed in a child process is the one computed in-process."""

from __future__ import annotations

import io
import pickle
import sys
from types import SimpleNamespace

import pytest

from planner.model import CandidateBuilder, bookable_prefix
from planner.model.bound.background import BackgroundBound, child_main
from planner.model.bound.relaxation import relaxation_bound
from planner.scenario.types import Scenario
from tests.model.cpsat.spa_of_two import one_hour_for_two, spa_of_two

# Generous ceilings (a child interpreter loading ortools on a loaded machine), not measurements.
SECONDS = 60.0
WAIT = 120.0


def in_process(scenario: Scenario) -> int | None:
    builder = CandidateBuilder(scenario)
    specs = [s for c in scenario.courses for s in bookable_prefix(builder.course_specs(c))]
    return relaxation_bound(scenario, specs, builder.work, SECONDS)


@pytest.mark.parametrize("scenario", [spa_of_two(), one_hour_for_two()], ids=["two", "hour"])
def test_the_childs_bound_equals_the_in_process_bound(scenario):
    expected = in_process(scenario)
    assert expected is not None

    background = BackgroundBound(scenario, SECONDS)
    found = background.result(wait=WAIT)

    assert found == expected
    # The optimum (7 and 2, by hand) is never above the bound.
    assert found >= {"two": 7, "hour": 2}[scenario.settings.name]


def run_child(monkeypatch: pytest.MonkeyPatch, payload: object) -> object:
    """:func:`child_main` with ``payload`` pickled on its standard input; what it wrote."""
    out = io.BytesIO()
    monkeypatch.setattr(sys, "stdin", SimpleNamespace(buffer=io.BytesIO(pickle.dumps(payload))))
    monkeypatch.setattr(sys, "stdout", SimpleNamespace(buffer=out))
    child_main()
    return pickle.loads(out.getvalue())


def test_the_childs_side_writes_the_bound_it_computed(monkeypatch):
    scenario = one_hour_for_two()

    assert run_child(monkeypatch, (scenario, SECONDS)) == in_process(scenario)


def test_the_childs_side_writes_none_when_no_time_is_left(monkeypatch):
    assert run_child(monkeypatch, (one_hour_for_two(), 0.0)) is None


def test_a_child_closed_before_its_answer_gives_no_bound():
    background = BackgroundBound(one_hour_for_two(), SECONDS)
    background.close()

    assert background.result(wait=WAIT) is None
