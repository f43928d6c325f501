"""Safety for files people open: formula escaping, and publishing a folder all at once.

Two hazards are handled here. A spreadsheet program runs a cell that starts with ``=``, ``+``,
``-`` or ``@`` as a formula (CSV / formula injection), so a client called ``=HYPERLINK(...)``
could run code on the manager's machine: :func:`escape_formula` neutralises such text. And an
export interrupted half-way (power cut, ``kill -9``) must not leave therapists half a roster:
:func:`publish_atomically` writes a whole folder aside and swaps it in only when complete.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import secrets
import shutil
from collections.abc import Callable
from pathlib import Path

from filelock import FileLock, Timeout

# OWASP's list of characters that make a spreadsheet read a cell as a formula or command; the
# full-width forms are included because some spreadsheet programs fold them to ASCII.
FORMULA_TRIGGERS = frozenset("=+-@\t\r\uff1d\uff0b\uff0d\uff20")

_STAGING_MARK = ".tmp-"
_RETIRED_MARK = ".old-"
_RENAME_EXCHANGE = 2  # from <linux/fs.h>
_AT_FDCWD = -100


class PublishLocked(RuntimeError):
    """Another process is publishing into the same folder and did not finish in time."""


def escape_formula(text: str) -> str:
    """Make ``text`` safe to show in a spreadsheet cell.

    Text that a spreadsheet would run as a formula gets a leading single quote, as OWASP
    advises; everything else is returned unchanged.

    Parameters
    ----------
    text
        Any text bound for a cell of a human-facing spreadsheet or CSV file.

    Returns
    -------
    str
        ``text``, prefixed with ``'`` if it starts with ``=``, ``+``, ``-``, ``@``, a tab or a
        carriage return.
    """
    if text and text[0] in FORMULA_TRIGGERS:
        return "'" + text
    return text


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
        shutil.rmtree(staging)  # now holds the previous export
    else:
        retired = _sibling(target, _RETIRED_MARK)
        os.rename(target, retired)
        # A crash here leaves only the retired copy; _recover puts it back on the next run.
        os.rename(staging, target)
        _fsync_path(parent, directory=True)
        shutil.rmtree(retired)
    _fsync_path(parent, directory=True)


def publish_atomically(
    target_dir: Path | str,
    write: Callable[[Path], None],
    lock_timeout: float = 60.0,
) -> Path:
    """Create or replace the folder ``target_dir`` with what ``write`` puts into a new folder.

    ``write`` fills a temporary sibling folder; its files are flushed to disk, then the folder
    is swapped into place in one rename. Until the swap, readers see the previous folder,
    untouched; after it, the complete new one. If ``write`` raises, or the process dies, the
    previous folder stays as it was (leftovers of a killed run are removed by the next publish).
    Concurrent publishes into the same folder wait for each other through a lock file
    ``.<name>.lock`` beside it.

    Parameters
    ----------
    target_dir
        The folder to publish; its parent is created if needed.
    write
        Called with the empty temporary folder; must write every file of the export into it.
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
    NotADirectoryError
        If ``target_dir`` exists and is not a folder.
    """
    # A symlinked target is published where it points: swapping the link itself away would
    # turn it into a plain folder.
    target = Path(target_dir).resolve()
    if target.exists() and not target.is_dir():
        raise NotADirectoryError(f"{target} exists and is not a folder")
    target.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(target.parent / f".{target.name}.lock"), timeout=lock_timeout)
    try:
        lock.acquire()
    except Timeout:
        raise PublishLocked(f"another export is writing {target}; try again later") from None
    try:
        _recover(target)
        staging = _sibling(target, _STAGING_MARK)
        staging.mkdir()  # plain mkdir: the umask applies, so a web server can still read it
        try:
            write(staging)
            fsync_tree(staging)
            _swap_into_place(staging, target)
        except BaseException:
            with contextlib.suppress(OSError):
                shutil.rmtree(staging)
            raise
    finally:
        lock.release()
    return target
