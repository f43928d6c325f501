"""Pruning leaves each session exactly the choices the rules a session obeys on its own allow.

Every expectation is counted by hand on the minute axis: 2026-12-07 (a Monday) is day 0, so
08:00 is minute 480 and 09:00 minute 540; the slot grid is 15 minutes.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from planner.model import CandidateBuilder, SessionSpec, bookable_prefix, build_specs
from planner.model.prune.session_specs import reachable_only
from planner.scenario.builder import ScenarioBuilder
from planner.scenario.types import Scenario

MON = date(2026, 12, 7)
TUE = date(2026, 12, 8)


def spa(**course: object) -> ScenarioBuilder:
    """One relaxing therapist working 07:00-10:00 on Monday (the spa opens at 08:00), one
    lymphatic therapist all day, a table room and a mat room, one one-session course of a
    60-minute massage on a table, with no assessment."""
    b = ScenarioBuilder("prune", start=MON, days=2, opening_hours={"default": ("08:00", "20:00")})
    b.add_therapist("t1", specialties=["relaxing"], shifts=[(MON, "07:00", "10:00")])
    b.add_therapist("t2", specialties=["lymphatic"], shifts=[(MON, "08:00", "20:00")])
    b.add_room("r1", equipment=["table"])
    b.add_room("r2", equipment=["mat"])
    b.add_treatment("relax", specialty="relaxing", duration=60, equipment=["table"])
    b.add_client("c1")
    b.add_course("co1", "c1", "relax", 1, needs_assessment=False, **course)  # type: ignore[arg-type]
    return b


def only_spec(scenario: Scenario) -> SessionSpec:
    (spec,) = build_specs(scenario)["co1"]
    return spec


def test_a_shift_is_cut_to_opening_hours_and_only_skilled_therapists_and_equipped_rooms_stay():
    scenario = spa().build()
    assert CandidateBuilder(scenario).work == {("t1", 0): [(480, 600)], ("t2", 0): [(480, 1200)]}
    spec = only_spec(scenario)
    # 60 minutes inside 08:00-10:00 on the grid: 08:00, 08:15, ... 09:00.
    assert spec.candidates == {("t1", 0): (480, 495, 510, 525, 540)}
    assert spec.rooms == {"r1": frozenset()}
    assert spec.length == 60
    assert spec.preferred_starts is None


def test_the_assessment_lengthens_the_first_session():
    b = spa()
    b.add_course("co2", "c1", "relax", 2)
    first, second = build_specs(b.build())["co2"]
    assert (first.length, second.length) == (75, 60)
    # 75 minutes end by 10:00 from 08:00, 08:15, 08:30, 08:45; the second session needs a day
    # off (24 h gap) and t1 works on Monday only, so it has no choice at all.
    assert first.candidates == {("t1", 0): (480, 495, 510, 525)}
    assert second.candidates == {}
    assert bookable_prefix([first, second]) == [first]


def test_client_availability_narrows_the_starts_and_preferred_times_are_marked():
    b = spa()
    b.add_client("c2", available=[(MON, "09:00", "12:00")], preferred=[(MON, "09:00", "09:45")])
    b.add_course("co2", "c2", "relax", 1, needs_assessment=False)
    (spec,) = build_specs(b.build())["co2"]
    # t1 works until 10:00 and the client comes from 09:00: 09:00 is the only 60-minute start.
    assert spec.candidates == {("t1", 0): (540,)}
    # 09:00-10:00 does not fit inside the preferred 09:00-09:45.
    assert spec.preferred_starts == frozenset()


def test_starts_at_which_every_equipped_room_is_closed_are_gone():
    b = spa()
    b.close_room("r1", MON, "09:00", "09:30")
    spec = only_spec(b.build())
    # A 60-minute session overlaps 09:00-09:30 from every grid start after 08:00.
    closed = frozenset({495, 510, 525, 540, 555})
    assert spec.rooms == {"r1": closed}
    assert spec.candidates == {("t1", 0): (480,)}
    assert spec.room_allows("r1", 480)
    assert not spec.room_allows("r1", 495)
    assert not spec.room_allows("r2", 480)  # no table there


def test_earliest_and_latest_bound_the_starts():
    scenario = spa(earliest="2026-12-07T08:30", latest="2026-12-07T09:45").build()
    assert only_spec(scenario).candidates == {("t1", 0): (510, 525)}


def test_a_pinned_session_has_its_pin_as_its_only_choice():
    b = spa()
    b.pin("co1", 1, "t1", "r1", "2026-12-07T08:15")
    spec = only_spec(b.build())
    assert spec.candidates == {("t1", 0): (495,)}
    assert spec.rooms == {"r1": frozenset()}
    assert spec.pin is not None


def test_reachable_only_keeps_the_starts_some_previous_start_reaches():
    spec = only_spec(spa().build())
    wide = replace(spec, candidates={("t1", 0): (60, 130, 700, 900)})
    # Previous sessions of 60 minutes at 0 and 600, gaps of 0 to 60 minutes: the next may start
    # in [60, 120] or [660, 720].
    kept = reachable_only(wide, [0, 600], 60, 0, 60)
    assert kept.candidates == {("t1", 0): (60, 700)}
    assert reachable_only(kept, [0, 600], 60, 0, 60) is kept  # nothing to cut: the same spec
    none = reachable_only(wide, [5000], 60, 0, 60)
    assert none.candidates == {}
    assert none.rooms == {}
