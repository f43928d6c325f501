"""Running many solves: in local processes or on a Dask distributed cluster.

A job carries only data (the scenario, the options and a reference plan; frozen dataclasses that
pickle), never a CP-SAT object: the model is built where the job runs. Each job is isolated: an
exception, a crashed process or a job past its timeout becomes an :class:`Outcome` with an
error, and every other job goes on. Results do not depend on where a job runs: the same seed and
worker count give the same plan locally and on a cluster.
"""

from __future__ import annotations

import multiprocessing
import time
import traceback
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any, Protocol

from planner.plan import Plan
from planner.plan.result import Result
from planner.scenario.types import Scenario


@dataclass(frozen=True)
class Job:
    """One solve: a scenario and how to solve it."""

    name: str
    scenario: Scenario
    time_limit: float | None
    workers: int
    seed: int
    reference: Plan | None = None


@dataclass(frozen=True)
class Outcome:
    """What became of a job: a result, or an error (``timed_out`` for a job past its timeout)."""

    name: str
    result: Result | None = None
    error: str | None = None
    detail: str = ""
    timed_out: bool = False
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        """True when the job returned a result."""
        return self.result is not None


def solve_job(job: Job) -> Outcome:
    """Solve one job where it runs (a local process or a Dask worker); never raises."""
    from planner.model import SolveOptions
    from planner.solving import solve_checked

    started = time.perf_counter()
    try:
        options = SolveOptions(
            time_limit=job.time_limit, workers=job.workers, seed=job.seed, reference=job.reference
        )
        result = solve_checked(job.scenario, options)
    except Exception as exc:  # a job's bug must not end the batch: report it as its outcome
        return Outcome(
            job.name,
            error=f"{type(exc).__name__}: {exc}",
            detail=traceback.format_exc(),
            seconds=time.perf_counter() - started,
        )
    return Outcome(job.name, result, seconds=time.perf_counter() - started)


class BackendUnavailable(Exception):
    """The cluster named by ``--scheduler`` can't be reached."""


class Backend(Protocol):
    """Where jobs run; :func:`run_jobs` keeps at most ``slots`` of them running at once."""

    slots: int

    def start(self, job: Job) -> Any: ...

    def wait(self, handles: Sequence[Any], seconds: float) -> list[Any]: ...

    def collect(self, handle: Any, job: Job) -> Outcome: ...

    def kill(self, handle: Any) -> None: ...

    def close(self) -> None: ...


def _child(connection: Connection, job: Job, target: Callable[[Job], Outcome]) -> None:
    connection.send(target(job))
    connection.close()


@dataclass(eq=False)
class _Local:
    process: multiprocessing.process.BaseProcess
    connection: Connection


class LocalBackend:
    """One fresh process per job (spawned, so no solver thread state is inherited); a job past
    its timeout is terminated, which frees its core for the next one."""

    def __init__(self, slots: int, target: Callable[[Job], Outcome] = solve_job) -> None:
        self.slots = max(1, slots)
        self.target = target  # a module-level function (it is pickled into the process)
        self._context = multiprocessing.get_context("spawn")

    def start(self, job: Job) -> _Local:
        receiver, sender = self._context.Pipe(duplex=False)
        process = self._context.Process(target=_child, args=(sender, job, self.target), daemon=True)
        process.start()
        sender.close()
        return _Local(process, receiver)

    def wait(self, handles: Sequence[_Local], seconds: float) -> list[_Local]:
        by_connection = {h.connection: h for h in handles}
        ready = wait(list(by_connection), timeout=max(0.0, seconds))
        return [by_connection[c] for c in ready if isinstance(c, Connection)]

    def collect(self, handle: _Local, job: Job) -> Outcome:
        try:
            outcome: Outcome = handle.connection.recv()
        except (EOFError, OSError):
            handle.process.join(5)
            code = handle.process.exitcode
            outcome = Outcome(
                job.name, error=f"the solver process ended unexpectedly (exit code {code})"
            )
        handle.connection.close()
        handle.process.join(5)
        return outcome

    def kill(self, handle: _Local) -> None:
        handle.process.terminate()
        handle.process.join(5)
        if handle.process.is_alive():
            handle.process.kill()
            handle.process.join(5)
        handle.connection.close()

    def close(self) -> None:
        """Nothing to release: every process is joined when its job ends."""


class DaskBackend:
    """Jobs run on an existing Dask distributed cluster; only job data and outcomes travel.

    A job past its timeout is cancelled; Dask can't stop a task that already runs, but the
    solve ends on its own time limit anyway, so the timeout is a guard against hangs.
    """

    def __init__(self, address: str, connect_seconds: float = 10.0) -> None:
        from distributed import Client

        try:
            self.client = Client(address, timeout=connect_seconds, set_as_default=False)
        except (OSError, TimeoutError, ValueError) as exc:
            raise BackendUnavailable(
                f"can't reach the Dask scheduler at {address}: {exc}"
            ) from None
        threads = sum(self.client.nthreads().values())
        self.slots = max(1, threads)
        self._count = 0

    def start(self, job: Job) -> Any:
        self._count += 1
        return self.client.submit(
            solve_job, job, key=f"planner-{job.name}-{self._count}-{time.time_ns()}", pure=False
        )

    def wait(self, handles: Sequence[Any], seconds: float) -> list[Any]:
        # Polling the futures' own state works with any client; distributed.wait needs the
        # process-wide default client, which a library should not set.
        deadline = time.monotonic() + seconds
        while True:
            done = [h for h in handles if h.done()]
            if done or time.monotonic() >= deadline:
                return done
            time.sleep(0.02)

    def collect(self, handle: Any, job: Job) -> Outcome:
        if handle.status == "finished":
            outcome: Outcome = handle.result()
            return outcome
        try:
            error = handle.exception()
        except Exception as exc:  # a cancelled future raises instead of returning its error
            error = exc
        return Outcome(
            job.name, error=f"the job failed on the cluster: {type(error).__name__}: {error}"
        )

    def kill(self, handle: Any) -> None:
        handle.cancel()

    def close(self) -> None:
        self.client.close()


def run_jobs(
    jobs: Sequence[Job],
    backend: Backend,
    timeout: float | None,
    on_done: Callable[[Outcome], None] | None = None,
) -> list[Outcome]:
    """Run ``jobs`` on ``backend``; the outcomes come back in the order of ``jobs``.

    Parameters
    ----------
    jobs
        The solves to run.
    backend
        Where to run them (:class:`LocalBackend` or :class:`DaskBackend`).
    timeout
        Seconds a job may run (from its start) before it counts as failed; None = no limit.
    on_done
        Called in this process with each outcome as soon as it is known (write it, tick a
        progress bar), so that finished results are kept whatever happens later.
    """
    pending = deque(jobs)
    running: dict[Any, tuple[Job, float]] = {}
    outcomes: dict[str, Outcome] = {}

    def finish(outcome: Outcome) -> None:
        outcomes[outcome.name] = outcome
        if on_done is not None:
            on_done(outcome)

    try:
        while pending or running:
            while pending and len(running) < backend.slots:
                job = pending.popleft()
                running[backend.start(job)] = (job, time.perf_counter())
            now = time.perf_counter()
            wait_for = 1.0
            if timeout is not None:
                wait_for = min(wait_for, *(t + timeout - now for _, t in running.values()))
            for handle in backend.wait(list(running), wait_for):
                job, started = running.pop(handle)
                outcome = backend.collect(handle, job)
                finish(outcome if outcome.seconds else _with_seconds(outcome, started))
            now = time.perf_counter()
            for handle, (job, started) in list(running.items()):
                if timeout is not None and now - started >= timeout:
                    del running[handle]
                    backend.kill(handle)
                    finish(
                        Outcome(
                            job.name,
                            error=f"timed out after {timeout:g} s",
                            timed_out=True,
                            seconds=now - started,
                        )
                    )
    finally:
        for handle in running:
            backend.kill(handle)
    return [outcomes[job.name] for job in jobs]


def _with_seconds(outcome: Outcome, started: float) -> Outcome:
    from dataclasses import replace

    return replace(outcome, seconds=time.perf_counter() - started)
