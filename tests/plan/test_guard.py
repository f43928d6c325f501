"""An output folder may not be, hold or lie inside what the command reads."""

from __future__ import annotations

from pathlib import Path

import pytest

from planner.plan.guard import OutputOverlapsInput, refuse_overlap
from planner.plan.publish import PublishRefused


@pytest.fixture
def inputs(tmp_path: Path) -> tuple[Path, Path]:
    scenario = tmp_path / "spa" / "week50"
    plan = tmp_path / "plans" / "week50"
    scenario.mkdir(parents=True)
    plan.mkdir(parents=True)
    return scenario, plan


@pytest.mark.parametrize(
    ("out", "relation", "what"),
    [
        ("spa/week50", "is the scenario folder", "scenario"),
        ("spa/week50/exports", "lies inside the scenario folder", "scenario"),
        ("spa", "holds the scenario folder", "scenario"),
        (".", "holds the scenario folder", "scenario"),
        ("plans/week50", "is the plan folder", "plan"),
        ("plans/week50/x/y", "lies inside the plan folder", "plan"),
    ],
)
def test_an_overlapping_output_is_refused_with_both_paths_named(
    tmp_path: Path, inputs: tuple[Path, Path], out: str, relation: str, what: str
) -> None:
    scenario, plan = inputs
    reads = [("the scenario folder", scenario), ("the plan folder", plan)]
    with pytest.raises(OutputOverlapsInput) as caught:
        refuse_overlap(tmp_path / out, reads, option="-o")
    message = str(caught.value)
    assert relation in message
    assert str((tmp_path / out).resolve()) in message
    assert "\n" not in message
    assert isinstance(caught.value, PublishRefused)  # commands answer it with exit 2


def test_sibling_folders_and_absent_inputs_pass(tmp_path: Path, inputs: tuple[Path, Path]) -> None:
    scenario, plan = inputs
    reads = [("the scenario folder", scenario), ("the plan folder", plan), ("the archive", None)]
    # A name that only starts like an input's is not inside it.
    for out in ("spa/week51", "spa/week50-exports", "plans/week50.old", "exports"):
        assert refuse_overlap(tmp_path / out, reads) == (tmp_path / out).resolve()


def test_symlinks_are_compared_where_they_point(tmp_path: Path, inputs: tuple[Path, Path]) -> None:
    scenario, _plan = inputs
    link = tmp_path / "current"
    link.symlink_to(scenario, target_is_directory=True)
    with pytest.raises(OutputOverlapsInput, match="is the scenario folder"):
        refuse_overlap(link, [("the scenario folder", scenario)])
    # ... also when the input is given through the link and the output is not.
    with pytest.raises(OutputOverlapsInput, match="lies inside"):
        refuse_overlap(scenario / "out", [("the scenario folder", link)])


def test_a_folder_holding_a_file_the_command_reads_is_refused(tmp_path: Path) -> None:
    archive = tmp_path / "exports" / "plans.db"
    archive.parent.mkdir()
    archive.write_bytes(b"")
    with pytest.raises(OutputOverlapsInput, match="holds the archive"):
        refuse_overlap(tmp_path / "exports", [("the archive", archive)])
