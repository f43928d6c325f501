"""The scenario folders shipped under ``scenarios/`` load, validate and plan as their READMEs say.

Every folder with a ``therapists.csv`` is picked up from disk, so a new example is tested as soon
as it is added. Each ``scenarios/rules/*`` example states its hand-computed outcome in a table
under "Expected outcome" in its README.md, for example::

    | scheduled value | **5** of 9 asked |
    | penalty | **0** |
    | left out | co1 sessions 1–2, co3 session 1 |
    | with a caution | co2 session 1 |

or, for pinned sessions that make every plan impossible::

    | `planner solve` exit code | **3** (no plan possible) |
    | rows named | `pinned.csv` rows 2 and 3 |
    | `planner validate` exit code | **2** |

The tests read that table, solve the scenario and check the plan with the independent checker.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from planner.check import check_sessions
from planner.cli import main
from planner.model import SolveOptions, Status, solve
from planner.scenario import load_scenario

SCENARIOS = Path(__file__).resolve().parent.parent / "scenarios"
FOLDERS = sorted(path.parent for path in SCENARIOS.rglob("therapists.csv"))
RULES = [folder for folder in FOLDERS if folder.parent.name == "rules"]

Session = tuple[str, int]


def _name(folder: Path) -> str:
    return folder.relative_to(SCENARIOS).as_posix()


def _sessions(cell: str) -> set[Session]:
    """``co1 sessions 1–2, co3 session 1`` -> {(co1, 1), (co1, 2), (co3, 1)}; ``none`` -> {}."""
    found: set[Session] = set()
    for course, first, last in re.findall(r"(\w+) sessions? (\d+)(?:\s*[–-]\s*(\d+))?", cell):
        found.update((course, n) for n in range(int(first), int(last or first) + 1))
    return found


@dataclass(frozen=True)
class Expected:
    """The outcome a scenario's README promises."""

    scheduled_value: int | None = None
    penalty: int | None = None
    left_out: frozenset[Session] = frozenset()
    cautions: frozenset[Session] | None = None
    solve_exit: int = 0
    validate_exit: int = 0
    rows_file: str | None = None
    rows: frozenset[int] = frozenset()


def expected_outcome(folder: Path) -> Expected:
    """Parse the "Expected outcome" table of ``folder/README.md``."""
    text = (folder / "README.md").read_text(encoding="utf-8")
    assert "## Expected outcome" in text, f"{_name(folder)}/README.md states no expected outcome"
    section = text.split("## Expected outcome", 1)[1].split("\n## ", 1)[0]
    cells: dict[str, str] = {}
    for line in section.splitlines():
        parts = [part.strip() for part in line.strip().strip("|").split("|")]
        if line.lstrip().startswith("|") and len(parts) == 2 and parts[0]:
            cells[parts[0].replace("`", "").lower()] = parts[1]

    def bold_int(key: str) -> int | None:
        match = re.search(r"\*\*(\d+)\*\*", cells.get(key, ""))
        return int(match.group(1)) if match else None

    rows_cell = cells.get("rows named", "").split("(", 1)[0]
    rows_file = re.search(r"`([^`]+)`", rows_cell)
    cautions = cells.get("with a caution")
    return Expected(
        scheduled_value=bold_int("scheduled value"),
        penalty=bold_int("penalty"),
        left_out=frozenset(_sessions(cells.get("left out", ""))),
        cautions=None if cautions is None else frozenset(_sessions(cautions)),
        solve_exit=bold_int("planner solve exit code") or 0,
        validate_exit=bold_int("planner validate exit code") or 0,
        rows_file=rows_file.group(1) if rows_file else None,
        rows=frozenset(int(n) for n in re.findall(r"\d+", rows_cell.replace(".csv", ""))),
    )


def _expects_a_plan(folder: Path) -> bool:
    return folder not in RULES or expected_outcome(folder).solve_exit == 0


PLANNABLE = [folder for folder in FOLDERS if _expects_a_plan(folder)]
SOLVED_RULES = [folder for folder in RULES if expected_outcome(folder).solve_exit == 0]
NO_PLAN_RULES = [folder for folder in RULES if expected_outcome(folder).solve_exit != 0]


def test_the_shipped_examples_are_found():
    # Guards the discovery itself: an empty parametrization would pass silently.
    names = {_name(folder) for folder in FOLDERS}
    assert "demo-week" in names
    assert {
        "rules/contraindications",
        "rules/recovery-gaps",
        "rules/turnover-and-rooms",
        "rules/therapist-limits",
        "rules/availability-and-preferences",
        "rules/pinned",
        "rules/conflicting-pins",
    } <= names
    assert NO_PLAN_RULES, "the conflicting-pins example must promise exit code 3"


@pytest.mark.parametrize("folder", PLANNABLE, ids=_name)
def test_shipped_scenario_loads(folder: Path):
    scenario, warnings = load_scenario(folder)
    assert scenario.courses and scenario.therapists
    if folder in RULES:
        # Hand-made examples are meant to be read: nothing in them should need a warning.
        assert warnings == [], [str(w) for w in warnings]


@pytest.mark.parametrize("folder", FOLDERS, ids=_name)
def test_planner_validate_exit_code(folder: Path):
    expected = expected_outcome(folder).validate_exit if folder in RULES else 0
    result = CliRunner().invoke(main, ["validate", str(folder)])
    assert result.exit_code == expected, result.output
    if expected == 0:
        assert "valid:" in result.output


@pytest.mark.parametrize("folder", SOLVED_RULES, ids=_name)
def test_rules_example_plans_as_its_readme_says(folder: Path):
    expected = expected_outcome(folder)
    assert expected.scheduled_value is not None, "README must give the scheduled value"
    scenario, _ = load_scenario(folder)
    result = solve(scenario, SolveOptions(time_limit=5, workers=1))

    assert result.status is Status.OPTIMAL
    assert check_sessions(scenario, result.plan.sessions) == []
    assert result.scheduled_value == expected.scheduled_value
    if expected.penalty is not None:
        assert result.penalty == expected.penalty
    left_out = {(u.course_id, u.session) for u in result.plan.unscheduled}
    assert left_out == expected.left_out
    assert all(u.reason.strip() for u in result.plan.unscheduled)
    if expected.cautions is not None:
        cautions = {(s.course_id, s.session) for s in result.plan.sessions if s.caution}
        assert cautions == expected.cautions


@pytest.mark.parametrize("folder", NO_PLAN_RULES, ids=_name)
def test_clashing_pins_exit_3_naming_the_rows(folder: Path, tmp_path: Path):
    expected = expected_outcome(folder)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["solve", str(folder), "-o", str(out)])

    assert result.exit_code == expected.solve_exit == 3, result.output
    assert expected.rows_file is not None and expected.rows
    assert expected.rows_file in result.output
    for row in sorted(expected.rows):
        assert re.search(rf"\brows? {row}\b", result.output), (row, result.output)
    assert not (out / "plan.csv").exists()
