"""The fuzz mode of the generator: legal, reproducible, and every oddity does what it says."""

from __future__ import annotations

import random
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from planner.check import check_sessions
from planner.cli import main
from planner.generate import build_scenario
from planner.generate.fuzz import ODDITY_GROUPS, ODDITY_NAMES, fuzz_scenario
from planner.generate.oddities import Oddity
from planner.plan.pinned_sessions import pinned_sessions
from planner.scenario import Scenario, load_scenario
from planner.scenario.types import Course
from planner.scenario.write import write_scenario_folder
from tests.generate.oddity_checks import SHOWS

# write_scenario_folder writes the effective contraindication rules, shipped defaults included,
# so a spa that doesn't offer every catalogue treatment always gets these soft-reference warnings;
# the unservable_courses oddity asks for the other two.
EXPECTED_WARNINGS = ("unknown treatment", "'fuzz_specialty'", "'fuzz_device'")


def _round_trip(scenario: Scenario, folder: Path) -> tuple[Scenario, list[str]]:
    loaded, warnings = load_scenario(write_scenario_folder(scenario, folder))
    return loaded, [
        str(w) for w in warnings if not any(text in w.message for text in EXPECTED_WARNINGS)
    ]


def test_the_same_seed_gives_the_same_scenario_and_oddities() -> None:
    assert fuzz_scenario(11, sessions_hint=40) == fuzz_scenario(11, sessions_hint=40)
    assert fuzz_scenario(11, sessions_hint=40) != fuzz_scenario(12, sessions_hint=40)


@pytest.mark.parametrize("hint", [12, 30, 150])
def test_fuzzed_spas_are_legal_and_survive_writing_and_loading(tmp_path: Path, hint: int) -> None:
    for seed in range(25):
        scenario, oddities = fuzz_scenario(seed, sessions_hint=hint)
        loaded, warnings = _round_trip(scenario, tmp_path / f"{hint}-{seed}")
        assert loaded == scenario, (seed, oddities)
        assert warnings == [], (seed, oddities)
        assert sum(c.sessions for c in scenario.courses) <= hint
        assert set(oddities) <= set(ODDITY_NAMES)


def test_every_oddity_is_drawn_within_a_few_dozen_seeds() -> None:
    seen = {name for seed in range(60) for name in fuzz_scenario(seed, sessions_hint=100)[1]}
    assert seen == set(ODDITY_NAMES)


def test_pins_keep_every_rule_and_some_pin_a_later_session_alone() -> None:
    later_alone = 0
    for seed in range(100):
        scenario, oddities = fuzz_scenario(seed, sessions_hint=40)
        assert ("pins" in oddities) == bool(scenario.pins)
        assert check_sessions(scenario, pinned_sessions(scenario), partial=True) == []
        pinned = {(p.course_id, p.session) for p in scenario.pins}
        later_alone += any((c, k - 1) not in pinned for c, k in pinned if k > 1)
    assert later_alone > 0


def test_a_bad_hint_is_refused() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        fuzz_scenario(0, sessions_hint=0)


def test_the_cli_writes_a_valid_folder_and_names_the_oddities(tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "fuzzed"
    written = runner.invoke(
        main, ["generate", str(out), "--fuzz", "--seed", "5", "--sessions", "20"]
    )
    assert written.exit_code == 0, written.output
    _scenario, oddities = fuzz_scenario(5, sessions_hint=20)
    assert f"oddities: {', '.join(oddities)}" in written.output
    assert runner.invoke(main, ["validate", str(out)]).exit_code == 0
    again = runner.invoke(main, ["generate", str(out), "--fuzz", "--seed", "6"])
    assert again.exit_code == 2 and "not empty" in again.output
    forced = runner.invoke(main, ["generate", str(out), "--fuzz", "--seed", "6", "--force"])
    assert forced.exit_code == 0
    assert load_scenario(out)[0] == fuzz_scenario(6)[0]


# Each oddity on its own, applied to a plain generated spa ----------------------------------

ALL_ODDITIES = [(name, oddity) for group in ODDITY_GROUPS for name, oddity in group]


@pytest.fixture(scope="module")
def plain_spa() -> Scenario:
    """A generated spa without any of the oddities: one course per client, no windows, no
    history, no gap overrides, no pins (seed 8 has neither split shifts nor weekly limits)."""
    spa = build_scenario(therapists=3, rooms=2, courses=12, days=5, seed=8, tightness=0.8)
    first: dict[str, Course] = {}
    for course in spa.courses:
        first.setdefault(course.client_id, course)
    courses = tuple(
        replace(c, earliest=None, latest=None, last_session_end=None, min_gap_hours=None,
                max_gap_hours=None)
        for c in first.values()
    )  # fmt: skip
    return replace(spa, pins=(), courses=courses, availability=spa.availability[:6])


def test_every_oddity_has_a_check() -> None:
    assert {name for name, _ in ALL_ODDITIES} == set(SHOWS)


@pytest.mark.parametrize(("name", "oddity"), ALL_ODDITIES, ids=[n for n, _ in ALL_ODDITIES])
def test_each_oddity_shows_and_stays_legal(
    plain_spa: Scenario, tmp_path: Path, name: str, oddity: Oddity
) -> None:
    assert not SHOWS[name](plain_spa, plain_spa)  # else the check could not fail
    for seed in range(20):
        changed = oddity(random.Random(seed), plain_spa)
        if changed is not None and SHOWS[name](plain_spa, changed):
            break
    else:
        pytest.fail(f"{name} never showed in 20 draws")
    loaded, warnings = _round_trip(changed, tmp_path / name)
    assert loaded == changed
    assert warnings == []
