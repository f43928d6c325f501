"""What native code prints while HiGHS runs stays off standard output: a command whose output is
JSON carries nothing else, and the lines are not lost (they go to standard error)."""

from __future__ import annotations

import json
import subprocess
import sys

CHILD = r"""
import ctypes, json, os, sys
from planner.model.bound.native_output import native_output_to_stderr
libc = ctypes.CDLL(None)
with native_output_to_stderr():
    os.write(1, b"written to descriptor 1\n")
    libc.printf(b"buffered by C's printf\n")  # no flush: still in C's buffer at the end
print(json.dumps({"answer": 42}))
"""


def test_native_lines_go_to_standard_error_and_the_json_stays_alone():
    done = subprocess.run(
        [sys.executable, "-c", CHILD], capture_output=True, check=True, timeout=120
    )
    assert json.loads(done.stdout) == {"answer": 42}
    assert b"written to descriptor 1" in done.stderr
    assert b"buffered by C's printf" in done.stderr
