"""A scenario folder's fingerprint changes exactly when one of its contract files does."""

from __future__ import annotations

from pathlib import Path

from planner.archive.hashing import scenario_hash


def folder(tmp_path: Path, name: str, files: dict[str, str]) -> Path:
    out = tmp_path / name
    out.mkdir()
    for file, text in files.items():
        (out / file).write_text(text, encoding="utf-8")
    return out


FILES = {"scenario.toml": 'name = "a"\n', "courses.csv": "course_id\nco1\n"}


def test_equal_contract_files_give_equal_hashes_whatever_else_lies_there(tmp_path: Path):
    a = folder(tmp_path, "a", FILES)
    b = folder(tmp_path, "b", {**FILES, "notes.txt": "ring Anna", "plan.csv": "x"})
    assert scenario_hash(a) == scenario_hash(b)
    assert len(scenario_hash(a)) == 64
    assert scenario_hash(str(a)) == scenario_hash(a)


def test_a_changed_added_or_removed_contract_file_changes_the_hash(tmp_path: Path):
    base = scenario_hash(folder(tmp_path, "base", FILES))
    changed = folder(tmp_path, "changed", {**FILES, "courses.csv": "course_id\nco2\n"})
    added = folder(tmp_path, "added", {**FILES, "pinned.csv": ""})
    removed = folder(tmp_path, "removed", {"scenario.toml": FILES["scenario.toml"]})
    hashes = {base, *(scenario_hash(f) for f in (changed, added, removed))}
    assert len(hashes) == 4


def test_moving_bytes_from_one_file_to_the_next_changes_the_hash(tmp_path: Path):
    # Without each file's name and length in the digest these two would hash alike.
    a = folder(tmp_path, "a", {"therapists.csv": "ab", "shifts.csv": "c"})
    b = folder(tmp_path, "b", {"therapists.csv": "a", "shifts.csv": "bc"})
    assert scenario_hash(a) != scenario_hash(b)
