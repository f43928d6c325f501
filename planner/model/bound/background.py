"""The relaxation bound of a large scenario, computed in a child process beside the search.

The part-by-part search of a large scenario keeps one core busy; the linear relaxation (which
holds Python's lock while it builds and may take a minute on a resort) runs on the other one, in
a process of its own, so it costs the search nothing. The child is a fresh interpreter
(``python -c``), so it works from any caller, a script without a ``__main__`` guard included; it
reads the pickled scenario on its standard input and prunes it itself (sending the pruned
choices would cost more than computing them again).
"""

from __future__ import annotations

import contextlib
import pickle
import subprocess
import sys
import threading
import time

from planner.scenario.types import Scenario

_CHILD = "from planner.model.bound.background import child_main; child_main()"


def child_main() -> None:
    """The child's side: read (scenario, seconds), write the pickled bound (or None)."""
    from planner.model.bound.relaxation import relaxation_bound
    from planner.model.prune.session_specs import CandidateBuilder, bookable_prefix

    began = time.perf_counter()
    scenario, seconds = pickle.load(sys.stdin.buffer)
    builder = CandidateBuilder(scenario)
    specs = [s for c in scenario.courses for s in bookable_prefix(builder.course_specs(c))]
    left = seconds - (time.perf_counter() - began)
    bound = relaxation_bound(scenario, specs, builder.work, left) if left > 0 else None
    sys.stdout.buffer.write(pickle.dumps(bound))
    sys.stdout.buffer.flush()


class BackgroundBound:
    """A relaxation bound being computed in a child process."""

    def __init__(self, scenario: Scenario, seconds: float) -> None:
        self._process = subprocess.Popen(
            [sys.executable, "-c", _CHILD],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        self._output = b""
        payload = pickle.dumps((scenario, seconds))
        # Feeding and reading happen in a thread, so a large scenario never blocks the search.
        self._reader = threading.Thread(target=self._talk, args=(payload,), daemon=True)
        self._reader.start()

    def _talk(self, payload: bytes) -> None:
        with contextlib.suppress(OSError, ValueError):
            self._output, _ = self._process.communicate(payload)

    def result(self, wait: float) -> int | None:
        """The bound if it arrives within ``wait`` seconds, else None; the child is ended."""
        self._reader.join(max(0.0, wait))
        try:
            if self._reader.is_alive() or self._process.returncode != 0 or not self._output:
                return None
            found: int | None = pickle.loads(self._output)
            return found
        except (pickle.UnpicklingError, EOFError):
            return None
        finally:
            self.close()

    def close(self) -> None:
        """End the child (if it still runs)."""
        if self._process.poll() is None:
            self._process.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self._process.wait(timeout=5)
        self._reader.join(timeout=5)
