"""``scenario.toml``'s spa identity: parsed, written back, and read cheaply before a load."""

from __future__ import annotations

from pathlib import Path

import pytest

from planner.archive import spa_name
from planner.scenario import ScenarioError, load_scenario
from planner.scenario.settings import read_spa
from planner.scenario.write import write_scenario_folder

WITH_SPA = 'name = "Spa Podil, week 50"\nspa = "Spa Podil"\nstart = 2026-12-07\ndays = 2\n'


def test_the_spa_is_read_written_back_and_names_the_archive_runs(
    make_scenario, tmp_path: Path
) -> None:
    folder = make_scenario({"scenario.toml": WITH_SPA})
    scenario, warnings = load_scenario(folder)
    assert warnings == []
    assert (scenario.settings.name, scenario.settings.spa) == ("Spa Podil, week 50", "Spa Podil")
    assert spa_name(scenario, folder) == read_spa(folder) == "Spa Podil"
    copy, _ = load_scenario(write_scenario_folder(scenario, tmp_path / "copy"))
    assert copy.settings == scenario.settings


@pytest.mark.parametrize(
    ("toml", "expected"),
    [
        ('name = "tiny"\nstart = 2026-12-07\n', "tiny"),  # no spa: the name
        ("start = 2026-12-07\n", "<folder>"),  # neither: the folder's name
        ('spa = "  "\nname = "tiny"\nstart = 2026-12-07\n', "tiny"),  # blank: as if absent
    ],
)
def test_without_a_spa_the_name_and_then_the_folder_stand_for_it(
    make_scenario, toml: str, expected: str
) -> None:
    folder = make_scenario({"scenario.toml": toml})
    scenario, _ = load_scenario(folder)
    wanted = folder.name if expected == "<folder>" else expected
    assert spa_name(scenario, folder) == read_spa(folder) == wanted


def test_a_broken_or_missing_file_gives_the_folder_name_without_failing(make_scenario) -> None:
    folder = make_scenario({"scenario.toml": 'spa = "Spa Podil'})
    assert read_spa(folder) == folder.name
    with pytest.raises(ScenarioError):  # the load that follows says what is wrong
        load_scenario(folder)
    (folder / "scenario.toml").unlink()
    assert read_spa(folder) == folder.name
    assert read_spa(folder.parent / "nowhere") == "nowhere"


def test_a_spa_that_is_not_text_is_an_error(make_scenario) -> None:
    folder = make_scenario({"scenario.toml": "spa = 5\nstart = 2026-12-07\n"})
    with pytest.raises(ScenarioError, match=r"spa.*expected a text, got 5"):
        load_scenario(folder)
