"""Running many solves: in local processes or on a Dask distributed cluster.

A job carries only data (the scenario, the options and a reference plan; frozen dataclasses that
pickle), never a CP-SAT object: the model is built where the job runs. Each job is isolated: it
runs in a child process of its own (:mod:`planner.isolated`; on a cluster, a child of the Dask
worker), which plans it with the library's one solve, :func:`planner.isolated.solve`. So an
exception, a crashed solver (SIGSEGV, SIGKILL) or a job past its timeout becomes an
:class:`Outcome` with an error, never retried, and every other job goes on. Results do not
depend on where a job runs: the same seed and worker count give the same plan locally and on a
cluster.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from multiprocessing.connection import wait
from typing import TYPE_CHECKING, Any, Protocol

import planner.isolated
from planner.isolated import SolveChild, SolverCrashed, SolverFailed
from planner.model import SolveOptions
from planner.plan import Plan
from planner.plan.result import Result
from planner.scenario.types import Scenario

if TYPE_CHECKING:
    from planner.isolated.child import Context

# The error of a job that never started because the run was stopped (SIGINT / SIGTERM).
NOT_STARTED = "not solved: the run was stopped before this job started"


@dataclass(frozen=True)
class Job:
    """One solve: a scenario and how to solve it."""

    name: str
    scenario: Scenario
    time_limit: float | None
    workers: int
    seed: int
    reference: Plan | None = None
    deterministic: bool = False

    def options(self) -> SolveOptions:
        """The job's solve options."""
        return SolveOptions(
            time_limit=self.time_limit,
            workers=self.workers,
            seed=self.seed,
            reference=self.reference,
            deterministic=self.deterministic,
        )


@dataclass(frozen=True)
class Outcome:
    """What became of a job: a result, or an error (``timed_out`` for a job past its timeout,
    ``crashed`` for a solver process that died of a signal)."""

    name: str
    result: Result | None = None
    error: str | None = None
    detail: str = ""
    timed_out: bool = False
    seconds: float = 0.0
    crashed: bool = False

    @property
    def ok(self) -> bool:
        """True when the job returned a result."""
        return self.result is not None


def solve_job_here(job: Job, context: Context) -> Result:
    """Solve one job in the process this runs in (a job's child process), stopping on
    ``context.stop``."""
    options = replace(job.options(), stop=context.stop)
    return planner.isolated.solve(job.scenario, options)


def child_outcome(job: Job, child: SolveChild) -> Outcome:
    """The outcome of ``job`` from its finished child: a result, an error or a crash."""
    try:
        result: Result = child.answer()
    except SolverCrashed as crash:
        return Outcome(job.name, error=str(crash), crashed=crash.signal is not None)
    except SolverFailed as failure:
        return Outcome(job.name, error=str(failure), detail=failure.detail)
    return Outcome(job.name, result)


def solve_job(job: Job) -> Outcome:
    """Solve one job in a child process of where this runs (a Dask worker); never raises.

    The child keeps a solver crash from killing the worker, which Dask would otherwise retry
    on another worker, where it would crash again.
    """
    started = time.perf_counter()
    child = SolveChild(solve_job_here, job)
    try:
        while not child.read(1.0):
            pass
        outcome = child_outcome(job, child)
    finally:
        child.close()
    return replace(outcome, seconds=time.perf_counter() - started)


class BackendUnavailable(Exception):
    """The cluster named by ``--scheduler`` can't be reached."""


class Backend(Protocol):
    """Where jobs run; :func:`run_jobs` keeps at most ``slots`` of them running at once."""

    slots: int

    def start(self, job: Job) -> Any: ...

    def wait(self, handles: Sequence[Any], seconds: float) -> list[Any]: ...

    def collect(self, handle: Any, job: Job) -> Outcome: ...

    def stop(self, handle: Any) -> None: ...

    def kill(self, handle: Any) -> None: ...

    def close(self) -> None: ...


class LocalBackend:
    """One fresh child process per job (:class:`planner.isolated.SolveChild`); a job past its
    timeout is killed, which frees its core for the next one.

    ``target`` is what the child runs: a module-level function (pickled by name) taking the
    job and the child's context and returning a :class:`Result`.
    """

    def __init__(
        self, slots: int, target: Callable[[Job, Context], Result] = solve_job_here
    ) -> None:
        self.slots = max(1, slots)
        self.target = target

    def start(self, job: Job) -> SolveChild:
        return SolveChild(self.target, job)

    def wait(self, handles: Sequence[SolveChild], seconds: float) -> list[SolveChild]:
        pending = [h for h in handles if not h.read(0.0)]
        if len(pending) < len(handles):
            return [h for h in handles if h not in pending]
        if pending:
            wait([h.fileno() for h in pending], timeout=max(0.0, seconds))
        return [h for h in handles if h.read(0.0)]

    def collect(self, handle: SolveChild, job: Job) -> Outcome:
        try:
            return child_outcome(job, handle)
        finally:
            handle.close()

    def stop(self, handle: SolveChild) -> None:
        handle.stop()

    def kill(self, handle: SolveChild) -> None:
        handle.kill()

    def close(self) -> None:
        """Nothing to release: every child is reaped when its job ends."""


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

    def stop(self, handle: Any) -> None:
        """Nothing to do: a running Dask task can't be signalled; it ends on its time limit."""

    def kill(self, handle: Any) -> None:
        handle.cancel()

    def close(self) -> None:
        self.client.close()


def run_jobs(
    jobs: Sequence[Job],
    backend: Backend,
    timeout: float | None,
    on_done: Callable[[Outcome], None] | None = None,
    stop: threading.Event | None = None,
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
    stop
        Once set (SIGINT / SIGTERM), running jobs are asked to end early with their best plan
        and jobs not yet started are reported as not solved.
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
            if stop is not None and stop.is_set():
                _stop_all(backend, running, pending, finish)
            while pending and len(running) < backend.slots:
                job = pending.popleft()
                running[backend.start(job)] = (job, time.perf_counter())
            _collect_ready(backend, running, timeout, finish)
            _kill_overdue(backend, running, timeout, finish)
    finally:
        for handle in running:
            backend.kill(handle)
    return [outcomes[job.name] for job in jobs]


Running = dict[Any, tuple[Job, float]]


def _stop_all(
    backend: Backend, running: Running, pending: deque[Job], finish: Callable[[Outcome], None]
) -> None:
    for handle in running:
        backend.stop(handle)
    while pending:
        finish(Outcome(pending.popleft().name, error=NOT_STARTED))


def _collect_ready(
    backend: Backend, running: Running, timeout: float | None, finish: Callable[[Outcome], None]
) -> None:
    now = time.perf_counter()
    wait_for = 1.0
    if timeout is not None and running:
        wait_for = min(wait_for, *(t + timeout - now for _, t in running.values()))
    for handle in backend.wait(list(running), wait_for):
        job, started = running.pop(handle)
        outcome = backend.collect(handle, job)
        if not outcome.seconds:
            outcome = replace(outcome, seconds=time.perf_counter() - started)
        finish(outcome)


def _kill_overdue(
    backend: Backend, running: Running, timeout: float | None, finish: Callable[[Outcome], None]
) -> None:
    if timeout is None:
        return
    now = time.perf_counter()
    for handle, (job, started) in list(running.items()):
        if now - started >= timeout:
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
