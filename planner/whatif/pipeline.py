"""What-if runs and batches end to end: prepare, solve, write every job's folder, compare.

Everything that can be wrong with the input (the base scenario, the variants file, a variant's
ids, a changed scenario that no longer loads) is found before anything is solved or written;
from then on a failing job is reported in the comparison and never stops the others.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from planner.check import load_checked_scenario, settle_scenario
from planner.plan.folder import OUTPUT_FILES, PlanBundle, write_plan_folder
from planner.plan.publish import publish_folder
from planner.plan.types import Plan
from planner.scenario.errors import ScenarioError, Severity
from planner.scenario.types import Scenario
from planner.scenario.write import write_scenario_folder
from planner.whatif.apply import apply_variant
from planner.whatif.compare import ComparisonRow, compare_row
from planner.whatif.errors import VariantProblem, VariantsError
from planner.whatif.runner import Backend, DaskBackend, Job, LocalBackend, Outcome, run_jobs
from planner.whatif.variants import read_variants

BASE = "base"


@dataclass(frozen=True)
class RunOptions:
    """How to run the solves; None = the defaults described in :func:`parallelism`."""

    time_limit: float | None = None
    seed: int = 0
    jobs: int | None = None
    workers: int | None = None
    timeout: float | None = None
    scheduler: str | None = None
    deterministic: bool = False


@dataclass(frozen=True)
class Prepared:
    """A scenario ready to solve: its name, description, notes and where it came from."""

    name: str
    scenario: Scenario
    description: str = ""
    notes: tuple[str, ...] = ()


def parallelism(count: int, options: RunOptions) -> tuple[int, int]:
    """(jobs at once, CP-SAT workers per solve) for ``count`` solves on this machine.

    By default as many jobs as cores (at most ``count``), sharing the cores between them.
    """
    cores = os.cpu_count() or 1
    jobs = options.jobs or max(1, min(count, cores))
    workers = options.workers or max(1, cores // jobs)
    return jobs, workers


def make_backend(options: RunOptions, jobs: int) -> Backend:
    """A Dask backend for ``--scheduler``, local processes otherwise."""
    if options.scheduler:
        return DaskBackend(options.scheduler)
    return LocalBackend(jobs)


def prepare_variants(base: Scenario, variants_file: Path) -> list[Prepared]:
    """Every variant of ``variants_file`` applied to ``base`` and validated in memory as the
    commands validate a folder (:func:`planner.check.settle_scenario`), so that what is solved
    is exactly what ``<variant>/scenario/`` holds once written.

    Raises
    ------
    VariantsError
        With every problem of every variant.
    """
    problems: list[VariantProblem] = []
    variants = read_variants(variants_file, problems)
    prepared = []
    for variant in variants:
        try:
            applied = apply_variant(base, variant)
        except VariantsError as error:
            problems.extend(error.problems)
            continue
        try:
            scenario, _ = settle_scenario(applied.scenario)
        except ScenarioError as error:
            problems.extend(
                VariantProblem(
                    variant.file,
                    variant.line,
                    variant.name,
                    "",
                    f"the changed scenario is not valid: {p}",
                )
                for p in error.problems
                if p.severity is Severity.ERROR
            )
            continue
        prepared.append(Prepared(variant.name, scenario, variant.description, applied.notes))
    if problems:
        raise VariantsError(problems)
    return prepared


def reference_for(scenario: Scenario, plan: Plan) -> Plan:
    """The part of the reference plan that can still exist in ``scenario`` (its course, therapist
    and room all there): the variant's hint and what its stability preference keeps."""
    sessions = tuple(
        s
        for s in plan.sessions
        if s.course_id in scenario.course_by_id
        and s.therapist_id in scenario.therapist_by_id
        and s.room_id in scenario.room_by_id
    )
    return Plan(sessions)


def _row(
    p: Prepared, outcome: Outcome, workers: int, seed: int, base: Plan | None
) -> ComparisonRow:
    return compare_row(
        p.name,
        p.scenario,
        outcome,
        description=p.description,
        notes=p.notes,
        workers=workers,
        seed=seed,
        reference_plan=base,
    )


ERROR_FILE = "error.txt"
NOTES_FILE = "notes.txt"
SCENARIO_FOLDER = "scenario"
# What a job's folder holds; anything else in it is left as it was.
JOB_ENTRIES = (*OUTPUT_FILES, ERROR_FILE, NOTES_FILE, SCENARIO_FOLDER)


def _not_a_job_entry(name: str) -> bool:
    return name not in JOB_ENTRIES


def _write_job(folder: Path, job: Prepared, outcome: Outcome) -> None:
    if outcome.result is not None:
        write_plan_folder(folder, job.scenario, PlanBundle.of_result(job.scenario, outcome.result))
    else:
        (folder / ERROR_FILE).write_text(
            f"{outcome.error}\n\n{outcome.detail}".rstrip() + "\n", encoding="utf-8"
        )
    if job.notes:
        (folder / NOTES_FILE).write_text("\n".join(job.notes) + "\n", encoding="utf-8")
    write_scenario_folder(job.scenario, folder / SCENARIO_FOLDER)


def write_job_folder(folder: Path, job: Prepared, outcome: Outcome) -> None:
    """A job's folder: its plan outputs (or ``error.txt``), ``notes.txt`` and ``scenario/``.

    Published all at once: an older run's files (a plan where this run failed, its notes) are
    replaced together with the rest, so they can't be mistaken for this run's.
    """
    # One process writes a run's job folders: no lock file beside each of them.
    publish_folder(
        folder, lambda staging: _write_job(staging, job, outcome), keep=_not_a_job_entry, lock=False
    )


def _solve_all(
    prepared: Sequence[Prepared],
    jobs: Sequence[Job],
    backend: Backend,
    options: RunOptions,
    out: Path,
    on_done: Callable[[Outcome], None] | None,
    stop: threading.Event | None,
) -> list[Outcome]:
    by_name = {p.name: p for p in prepared}

    def done(outcome: Outcome) -> None:
        write_job_folder(out / outcome.name, by_name[outcome.name], outcome)
        if on_done is not None:
            on_done(outcome)

    return run_jobs(jobs, backend, options.timeout, done, stop)


def run_whatif(
    base: Prepared,
    variants: Sequence[Prepared],
    out: Path,
    options: RunOptions,
    on_done: Callable[[Outcome], None] | None = None,
    stop: threading.Event | None = None,
) -> list[ComparisonRow]:
    """Solve the base, then every variant with the base's plan as reference plan; write it.

    Once ``stop`` is set, running solves end early with their best plans and the jobs not
    started yet are reported as not solved.

    Returns
    -------
    list[ComparisonRow]
        The base first, then the variants in file order.
    """
    jobs, workers = parallelism(len(variants), options)
    base_workers = options.workers or (os.cpu_count() or 1)
    backend = make_backend(options, jobs)
    try:
        out.mkdir(parents=True, exist_ok=True)
        base_job = Job(
            BASE, base.scenario, options.time_limit, base_workers, options.seed,
            deterministic=options.deterministic,
        )  # fmt: skip
        [base_outcome] = _solve_all([base], [base_job], backend, options, out, on_done, stop)
        reference_plan = base_outcome.result.plan if base_outcome.result is not None else None
        variant_jobs = [
            Job(
                v.name,
                v.scenario,
                options.time_limit,
                workers,
                options.seed,
                None if reference_plan is None else reference_for(v.scenario, reference_plan),
                options.deterministic,
            )
            for v in variants
        ]
        outcomes = _solve_all(variants, variant_jobs, backend, options, out, on_done, stop)
    finally:
        backend.close()
    rows = [_row(base, base_outcome, base_workers, options.seed, None)]
    for prepared, outcome in zip(variants, outcomes, strict=True):
        rows.append(_row(prepared, outcome, workers, options.seed, reference_plan))
    return rows


def prepare_batch(
    folders: Sequence[Path],
) -> tuple[list[Prepared], list[tuple[str, ScenarioError]]]:
    """Load every scenario folder; a folder that doesn't load is returned with its error."""
    prepared: list[Prepared] = []
    invalid: list[tuple[str, ScenarioError]] = []
    names: set[str] = set()
    for folder in folders:
        name = folder.resolve().name or "scenario"
        unique, number = name, 2
        while unique in names:
            unique, number = f"{name}-{number}", number + 1
        names.add(unique)
        try:
            scenario, _ = load_checked_scenario(folder)
        except ScenarioError as error:
            invalid.append((unique, error))
            continue
        prepared.append(Prepared(unique, scenario, str(folder)))
    return prepared, invalid


def run_batch(
    scenarios: Sequence[Prepared],
    out: Path,
    options: RunOptions,
    on_done: Callable[[Outcome], None] | None = None,
    stop: threading.Event | None = None,
) -> list[ComparisonRow]:
    """Solve every scenario (no reference plan) and write each into ``out/<name>/``; ``stop``
    as for :func:`run_whatif`."""
    jobs, workers = parallelism(len(scenarios), options)
    backend = make_backend(options, jobs)
    try:
        out.mkdir(parents=True, exist_ok=True)
        job_list = [
            Job(
                p.name,
                p.scenario,
                options.time_limit,
                workers,
                options.seed,
                deterministic=options.deterministic,
            )
            for p in scenarios
        ]
        outcomes = _solve_all(scenarios, job_list, backend, options, out, on_done, stop)
    finally:
        backend.close()
    return [
        _row(p, o, workers, options.seed, None) for p, o in zip(scenarios, outcomes, strict=True)
    ]
