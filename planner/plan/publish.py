"""Publishing files and folders all at once: readers see the previous version or the new one.

Every writer of the project that replaces something people or other programs read (a solve's
output folder, an export, the nightly publication, a what-if job's folder, a generated scenario,
the what-if comparison) goes through :func:`publish_folder` or :func:`publish_file`. Content is
written aside, flushed to disk, then renamed into place in one step, so a crash, a power cut or
``kill -9`` never leaves half of it; the next publish removes what a killed one left behind.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import secrets
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

from filelock import FileLock, Timeout

_STAGING_MARK = ".tmp-"
_RETIRED_MARK = ".old-"
_RENAME_EXCHANGE = 2  # from <linux/fs.h>
_AT_FDCWD = -100
# How long a writer waits for another one writing the same folder before it gives up (exit 4):
# long enough for a publish to finish, short enough that a person at the desk is told at once.
LOCK_WAIT_SECONDS = 5.0


class PublishLocked(RuntimeError):
    """Another process is publishing into the same folder and did not finish in time."""


class PublishRefused(ValueError):
    """The target can't be replaced: it holds the current working folder of this process."""


def _never(_name: str) -> bool:
    return False


def _fsync_path(path: Path, directory: bool) -> None:
    flags = os.O_RDONLY | (getattr(os, "O_DIRECTORY", 0) if directory else 0)
    descriptor = os.open(path, flags)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def fsync_tree(root: Path) -> None:
    """Flush every file and folder under ``root`` (``root`` included) to disk."""
    for folder, _subfolders, files in os.walk(root):
        for name in files:
            _fsync_path(Path(folder) / name, directory=False)
        _fsync_path(Path(folder), directory=True)


def _exchange(first: Path, second: Path) -> bool:
    """Swap two paths in one atomic step (Linux ``renameat2``); False where unsupported."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return False
    result = renameat2(
        _AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE
    )
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.ENOTSUP):
        return False  # the file system can't exchange: fall back to two renames
    raise OSError(code, os.strerror(code), str(first))


def _sibling(target: Path, mark: str) -> Path:
    """A hidden, unused path beside ``target`` (the lock keeps other publishers away)."""
    while True:
        candidate = target.parent / f".{target.name}{mark}{secrets.token_hex(6)}"
        if not candidate.exists():
            return candidate


def _leftovers(target: Path, mark: str) -> list[Path]:
    prefix = f".{target.name}{mark}"
    return sorted(p for p in target.parent.iterdir() if p.name.startswith(prefix))


def _recover(target: Path) -> None:
    """Repair what an interrupted earlier publish left (called while holding the lock).

    Staging folders of killed runs are deleted. If a crash fell between the two renames of the
    fallback swap, the target is missing and the retired copy is put back.
    """
    for staging in _leftovers(target, _STAGING_MARK):
        shutil.rmtree(staging, ignore_errors=True)
    retired = _leftovers(target, _RETIRED_MARK)
    if retired and not target.exists():
        os.rename(retired[-1], target)
        retired = retired[:-1]
    for old in retired:
        shutil.rmtree(old, ignore_errors=True)


def _swap_into_place(staging: Path, target: Path) -> None:
    parent = target.parent
    if not target.exists():
        os.rename(staging, target)
    elif _exchange(staging, target):
        shutil.rmtree(staging)  # now holds the previous version
    else:
        retired = _sibling(target, _RETIRED_MARK)
        os.rename(target, retired)
        # A crash here leaves only the retired copy; _recover puts it back on the next run.
        os.rename(staging, target)
        _fsync_path(parent, directory=True)
        shutil.rmtree(retired)
    _fsync_path(parent, directory=True)


def _link_or_copy(source: str, destination: str) -> None:
    """A hard link (no data is copied), or a copy where the file system refuses links."""
    try:
        os.link(source, destination)
    except OSError:
        shutil.copy2(source, destination)


def _carry_over(previous: Path, staging: Path, keep: Callable[[str], bool]) -> None:
    """Put the entries of ``previous`` that ``keep`` names into ``staging``, as they are."""
    if not previous.is_dir():
        return
    for entry in previous.iterdir():
        if not keep(entry.name):
            continue
        if entry.is_symlink():
            os.symlink(os.readlink(entry), staging / entry.name)
        elif entry.is_dir():
            shutil.copytree(entry, staging / entry.name, symlinks=True, copy_function=_link_or_copy)
        else:
            _link_or_copy(str(entry), str(staging / entry.name))


def _refuse_working_folder(target: Path) -> None:
    # Swapping away the folder this process (and usually the user's shell) works in would leave
    # both in a deleted folder, where relative paths no longer resolve.
    try:
        here = Path.cwd().resolve()
    except OSError:
        return
    if here == target or target in here.parents:
        raise PublishRefused(
            f"can't replace {target}: it holds the current folder; choose another folder"
        )


@contextlib.contextmanager
def folder_lock(target_dir: Path | str, timeout: float = LOCK_WAIT_SECONDS) -> Iterator[Path]:
    """Hold the lock of the folder ``target_dir`` (``.<name>.lock`` beside it) in the block.

    The lock :func:`publish_folder` takes: a command that writes into a folder over a longer
    time (a what-if run's job folders and comparison) holds it for all of it, and publishes
    inside with ``lock=False`` (a second lock of the same file in one process would wait for
    itself). Yields the folder's absolute path; the parent is created if needed.

    Raises
    ------
    PublishLocked
        If another process held the lock for longer than ``timeout`` seconds (negative: wait
        forever).
    """
    target = Path(target_dir).resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    held = FileLock(str(target.parent / f".{target.name}.lock"), timeout=timeout)
    try:
        held.acquire()
    except Timeout:
        raise PublishLocked(
            f"another process is writing {target}; nothing was written, try again later"
        ) from None
    try:
        yield target
    finally:
        held.release()


@contextlib.contextmanager
def _publish_lock(target: Path, lock: bool, timeout: float) -> Iterator[None]:
    if not lock:
        yield
        return
    with folder_lock(target, timeout):
        yield


def publish_folder(
    target_dir: Path | str,
    write: Callable[[Path], None],
    *,
    keep: Callable[[str], bool] = _never,
    lock: bool = True,
    lock_timeout: float = LOCK_WAIT_SECONDS,
) -> Path:
    """Create or replace the folder ``target_dir`` with what ``write`` puts into a new folder.

    ``write`` fills a temporary sibling folder; its files are flushed to disk, then the folder
    is swapped into place in one rename (``renameat2`` exchange on Linux; elsewhere two renames,
    repaired by the next publish if a crash falls between them). Until the swap, readers see the
    previous folder, untouched; after it, the complete new one. If ``write`` raises, or the
    process dies, the previous folder stays as it was.

    Parameters
    ----------
    target_dir
        The folder to publish; its parent is created if needed. A symlink is published where it
        points (swapping the link itself away would turn it into a plain folder).
    write
        Called with the empty temporary folder; must write every file of the new version.
    keep
        Names of entries of the previous folder to carry into the new one unchanged (hard links
        where possible), for folders the publisher shares with other files; by default the new
        folder holds only what ``write`` wrote.
    lock
        Take the lock file ``.<name>.lock`` beside the target, so that concurrent publishes into
        the same folder wait for each other. False for a folder this process alone writes (a
        what-if job's, a freshly generated scenario): no lock file is left beside it.
    lock_timeout
        Seconds to wait for another publish into the same folder (negative: wait forever).

    Returns
    -------
    Path
        The published folder (absolute).

    Raises
    ------
    PublishLocked
        If another publish held the lock longer than ``lock_timeout``.
    PublishRefused
        If the target is the current working folder or holds it.
    NotADirectoryError
        If ``target_dir`` exists and is not a folder.
    """
    target = Path(target_dir).resolve()
    if target.exists() and not target.is_dir():
        raise NotADirectoryError(f"{target} exists and is not a folder")
    _refuse_working_folder(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    with _publish_lock(target, lock, lock_timeout):
        _recover(target)
        _stage_and_swap(target, write, keep)
    return target


def _stage_and_swap(
    target: Path, write: Callable[[Path], None], keep: Callable[[str], bool]
) -> None:
    """Fill a staging folder beside ``target`` (kept entries, then ``write``), flush it and swap
    it into place; the staging folder is removed if anything fails before the swap."""
    staging = _sibling(target, _STAGING_MARK)
    staging.mkdir()  # plain mkdir: the umask applies, so a web server can still read it
    try:
        _carry_over(target, staging, keep)
        write(staging)
        fsync_tree(staging)
        _swap_into_place(staging, target)
    except BaseException:
        with contextlib.suppress(OSError):
            shutil.rmtree(staging)
        raise


def publish_file(path: Path | str, text: str) -> Path:
    """Create or replace the file ``path`` with ``text`` (UTF-8) in one rename.

    For a single file inside a folder that is not published as a whole (the what-if
    comparison beside its job folders). The temporary file is a hidden sibling.

    Returns
    -------
    Path
        ``path``, as a :class:`~pathlib.Path`.
    """
    target = Path(path)
    temporary = _sibling(target, _STAGING_MARK)
    try:
        temporary.write_text(text, encoding="utf-8")
        _fsync_path(temporary, directory=False)
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    _fsync_path(target.parent, directory=True)
    return target
