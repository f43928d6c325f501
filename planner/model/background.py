"""The relaxation bound of a large scenario, computed in a child process beside the search.

The part-by-part search of a large scenario keeps one core busy; the linear relaxation (which
holds Python's lock while it builds and may take a minute on a resort) runs on the other one, in
a process of its own, so it costs the search nothing. The child prunes the scenario itself:
sending it the pruned choices would cost more than computing them again.
"""

from __future__ import annotations

import multiprocessing
import time
from multiprocessing.connection import Connection

from planner.model.candidates import CandidateBuilder, bookable_prefix
from planner.model.relaxation import relaxation_bound
from planner.scenario.types import Scenario


def _child(connection: Connection, scenario: Scenario, seconds: float) -> None:
    began = time.perf_counter()
    builder = CandidateBuilder(scenario)
    specs = [s for c in scenario.courses for s in bookable_prefix(builder.course_specs(c))]
    left = seconds - (time.perf_counter() - began)
    connection.send(relaxation_bound(scenario, specs, builder.work, left) if left > 0 else None)
    connection.close()


class BackgroundBound:
    """A relaxation bound being computed in a child process."""

    def __init__(self, scenario: Scenario, seconds: float) -> None:
        context = multiprocessing.get_context("spawn")
        self._receiver, sender = context.Pipe(duplex=False)
        self._process = context.Process(
            target=_child, args=(sender, scenario, seconds), daemon=True
        )
        self._process.start()
        sender.close()

    def result(self, wait: float) -> int | None:
        """The bound if it arrives within ``wait`` seconds, else None; the child is ended."""
        try:
            if self._receiver.poll(max(0.0, wait)):
                found: int | None = self._receiver.recv()
                return found
            return None
        except (EOFError, OSError):
            return None  # the child died (out of memory, killed): no bound
        finally:
            self.close()

    def close(self) -> None:
        if self._process.is_alive():
            self._process.kill()
        self._process.join(timeout=5)
        self._receiver.close()
