"""The differential harness at scale: seed ranges, the report, one small run end to end.

Run with ``python -m pytest benchmarks/tests -q`` from the repository root.
"""

from __future__ import annotations

import pytest

from benchmarks.fuzz import Case, main, report, seed_range
from tests.reference.compare import Defect


def test_seed_ranges_read_like_the_help_says() -> None:
    assert seed_range("0-3") == [0, 1, 2, 3]
    assert seed_range("3, 7,10-12") == [3, 7, 10, 11, 12]
    assert seed_range("") == []


def test_the_report_lists_defects_and_missed_optima() -> None:
    broken = Case("fuzz 5", ("nested_shifts", "pins"), 40, status="optimal", value=9, penalty=0)
    broken.defects.append(Defect("invalid plan", "Therapist t1 has two sessions at once.", 6))
    missed = Case("fuzz 6", (), 30, status="feasible", value=10, penalty=5)
    missed.ref_status, missed.ref_value, missed.ref_penalty = "optimal", 11, 0
    text = report([broken, missed])
    assert "| fuzz 5 | 40 | nested_shifts, pins | invalid plan | 6 |" in text
    assert "fuzz 6 (30 sessions): 10/5, optimum 11/0" in text
    assert "2 scenarios, 30-40 sessions; 1 solved optimal" in text


def test_a_small_run_finds_no_defect(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--seeds", "1", "--sessions", "12", "--time-limit", "20"]) == 0
    out = capsys.readouterr().out
    assert "fuzz 1" in out and "No defects found." in out
