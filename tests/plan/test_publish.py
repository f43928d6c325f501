"""Publishing folders all at once (exports, output folders, the nightly publication)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from planner.plan import publish
from planner.plan.publish import publish_folder


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _hidden_leftovers(parent: Path, name: str) -> list[str]:
    return sorted(
        p.name
        for p in parent.iterdir()
        if p.name.startswith(f".{name}.") and not p.name.endswith(".lock")
    )


def _write_files(files: dict[str, str]) -> Callable[[Path], None]:
    def write(folder: Path) -> None:
        for name, text in files.items():
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            (folder / name).write_text(text, encoding="utf-8")

    return write


def test_publish_creates_then_replaces_the_whole_folder(tmp_path: Path) -> None:
    target = tmp_path / "exports" / "week50"
    publish_folder(target, _write_files({"a.txt": "first", "sub/b.txt": "first"}))
    assert _tree(target) == {"a.txt": b"first", "sub/b.txt": b"first"}

    publish_folder(target, _write_files({"c.txt": "second"}))

    assert _tree(target) == {"c.txt": b"second"}  # files of the previous export are gone
    assert _hidden_leftovers(target.parent, "week50") == []


def test_published_folder_follows_the_umask_not_private_temp_modes(tmp_path: Path) -> None:
    target = tmp_path / "out"
    publish_folder(target, _write_files({"a.txt": "x"}))
    # mkdtemp would make it 0700; a web server serving calendars must be able to read it.
    assert target.stat().st_mode & 0o777 == 0o777 & ~_umask()


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def test_failed_write_keeps_the_previous_export_and_cleans_up(tmp_path: Path) -> None:
    target = tmp_path / "out"
    publish_folder(target, _write_files({"a.txt": "previous"}))

    def broken(folder: Path) -> None:
        (folder / "a.txt").write_text("half", encoding="utf-8")
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError, match="disk full"):
        publish_folder(target, broken)

    assert _tree(target) == {"a.txt": b"previous"}
    assert _hidden_leftovers(tmp_path, "out") == []


def test_swap_without_renameat2_still_replaces_the_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(publish, "_exchange", lambda first, second: False)
    target = tmp_path / "out"
    publish_folder(target, _write_files({"a.txt": "one"}))
    publish_folder(target, _write_files({"b.txt": "two"}))
    assert _tree(target) == {"b.txt": b"two"}
    assert _hidden_leftovers(tmp_path, "out") == []


def test_crash_between_the_fallback_renames_is_repaired_on_the_next_publish(
    tmp_path: Path,
) -> None:
    # What a crash after "rename target away" and before "rename staging in" leaves behind.
    retired = tmp_path / ".out.old-0123456789ab"
    retired.mkdir()
    (retired / "a.txt").write_text("previous", encoding="utf-8")

    def broken(folder: Path) -> None:
        raise RuntimeError("interrupted again")

    with pytest.raises(RuntimeError):
        publish_folder(tmp_path / "out", broken)

    assert _tree(tmp_path / "out") == {"a.txt": b"previous"}
    assert _hidden_leftovers(tmp_path, "out") == []


def test_publish_refuses_a_file_in_the_way(tmp_path: Path) -> None:
    (tmp_path / "out").write_text("not a folder", encoding="utf-8")
    with pytest.raises(NotADirectoryError):
        publish_folder(tmp_path / "out", _write_files({"a.txt": "x"}))


_SLOW_PUBLISH = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from planner.plan.publish import publish_folder

    target, marker = Path(sys.argv[1]), Path(sys.argv[2])

    def write(folder):
        (folder / "a.txt").write_text("new, half written", encoding="utf-8")
        marker.write_text("writing", encoding="utf-8")
        time.sleep(60)

    publish_folder(target, write)
    """
)


def wait_for(path: Path, process: subprocess.Popen[bytes], seconds: float = 30.0) -> None:
    """Wait until ``path`` exists (the child reached the point to kill it at)."""
    deadline = time.monotonic() + seconds
    while not path.exists():
        if process.poll() is not None:
            _out, err = process.communicate()
            pytest.fail(f"the child ended early: {err.decode(errors='replace')}")
        if time.monotonic() > deadline:
            process.kill()
            pytest.fail("the child never reached the write callback")
        time.sleep(0.05)


def test_sigkill_during_publish_leaves_the_previous_folder_intact(tmp_path: Path) -> None:
    target = tmp_path / "out"
    publish_folder(target, _write_files({"a.txt": "previous", "sub/b.txt": "previous"}))
    before = _tree(target)
    marker = tmp_path / "marker"
    process = subprocess.Popen(
        [sys.executable, "-c", _SLOW_PUBLISH, str(target), str(marker)],
        cwd=Path(__file__).resolve().parents[2],
        stderr=subprocess.PIPE,
    )
    wait_for(marker, process)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)

    assert _tree(target) == before
    # The killed run's staging folder is hidden beside the target, never at the target path;
    # the next publish removes it.
    publish_folder(target, _write_files({"c.txt": "next"}))
    assert _tree(target) == {"c.txt": b"next"}
    assert _hidden_leftovers(tmp_path, "out") == []


def test_symlinked_target_is_published_where_it_points(tmp_path: Path) -> None:
    real = tmp_path / "real"
    publish_folder(real, _write_files({"a.txt": "one"}))
    link = tmp_path / "current"
    link.symlink_to(real, target_is_directory=True)

    publish_folder(link, _write_files({"b.txt": "two"}))

    assert link.is_symlink()
    assert _tree(link) == _tree(real) == {"b.txt": b"two"}


def test_kept_entries_are_carried_into_the_new_folder(tmp_path: Path) -> None:
    target = tmp_path / "out"
    publish_folder(target, _write_files({"plan.csv": "old", "notes/a.txt": "mine"}))
    publish_folder(target, _write_files({"plan.csv": "new"}), keep=lambda n: n != "plan.csv")
    assert _tree(target) == {"plan.csv": b"new", "notes/a.txt": b"mine"}


def test_unlocked_publish_leaves_no_lock_file(tmp_path: Path) -> None:
    publish_folder(tmp_path / "out", _write_files({"a.txt": "x"}), lock=False)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_the_current_folder_is_never_swapped_away(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "work" / "inner").mkdir(parents=True)
    monkeypatch.chdir(tmp_path / "work" / "inner")
    for target in (tmp_path / "work" / "inner", tmp_path / "work"):
        with pytest.raises(publish.PublishRefused):
            publish_folder(target, _write_files({"a.txt": "x"}))
    assert (tmp_path / "work" / "inner").is_dir()


def test_publish_file_replaces_one_file_in_one_step(tmp_path: Path) -> None:
    path = tmp_path / "comparison.csv"
    publish.publish_file(path, "first\n")
    publish.publish_file(path, "second\n")
    assert path.read_text(encoding="utf-8") == "second\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["comparison.csv"]


def test_a_publish_into_a_folder_whose_lock_is_held_gives_up_and_keeps_it(tmp_path: Path) -> None:
    target = tmp_path / "out"
    publish_folder(target, _write_files({"a.txt": "first"}))
    # Held for the whole publish attempt (another writer's lock), so the outcome is certain.
    with publish.folder_lock(target), pytest.raises(publish.PublishLocked, match=str(target)):
        publish_folder(target, _write_files({"a.txt": "second"}), lock_timeout=0.05)
    assert _tree(target) == {"a.txt": b"first"}
    assert _hidden_leftovers(tmp_path, "out") == []


def test_the_folder_lock_is_the_one_publish_takes(tmp_path: Path) -> None:
    target = tmp_path / "out"
    with publish.folder_lock(target) as held:
        assert held == target.resolve()
        with pytest.raises(publish.PublishLocked), publish.folder_lock(target, timeout=0.05):
            pass  # pragma: no cover - never entered
    # Released: the next writer gets it at once.
    publish_folder(target, _write_files({"a.txt": "x"}), lock_timeout=0)
    assert _tree(target) == {"a.txt": b"x"}
