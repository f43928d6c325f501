"""Keep what HiGHS prints off standard output.

HiGHS's branch and bound (SciPy's ``milp``) prints a developer's line with C's ``printf`` on
some solves ("HighsMipSolverData::transformNewIntegerFeasibleSolution tmpSolver.run();"),
whatever its display option says. A solve child shares its command's standard output, and a
command whose standard output is JSON (``planner advise --json``) must carry nothing else; so
while HiGHS runs, file descriptor 1 points at standard error, and C's buffers are flushed before
it is put back, so nothing printed meanwhile reaches standard output later.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import sys
from collections.abc import Iterator


def _flush_native() -> None:
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None).fflush(None)


@contextlib.contextmanager
def native_output_to_stderr() -> Iterator[None]:
    """For the duration, what native code writes to file descriptor 1 goes to descriptor 2."""
    with contextlib.suppress(Exception):
        sys.stdout.flush()
    _flush_native()
    try:
        saved = os.dup(1)
    except OSError:  # no descriptor 1 (a daemon): nothing to protect
        yield
        return
    try:
        os.dup2(2, 1)
    except OSError:  # no descriptor 2: leave descriptor 1 as it is
        os.close(saved)
        yield
        return
    try:
        yield
    finally:
        _flush_native()
        os.dup2(saved, 1)
        os.close(saved)
