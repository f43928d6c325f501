"""Running jobs: a failing or timed-out job is reported and never ends the batch; a Dask
cluster gives the same results as local processes for the same seed and workers."""

from __future__ import annotations

import csv
import threading
import time
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from planner.check import check_sessions
from planner.cli import main
from planner.scenario.load import load_scenario
from planner.scenario.types import Scenario
from planner.whatif.runner import NOT_STARTED, Job, LocalBackend, run_jobs
from tests.whatif.helpers import crashing_job, segfaulting_job, sleepy_job, write_small

ROOMS = "room_id,name,equipment\n" + "\n".join(f"r{i},Room {i},table" for i in range(1, 4))


# Four small spas that differ in rooms, demand and shifts.
SPAS: list[dict[str, str | None]] = [
    {},
    {"rooms.csv": ROOMS},
    {
        "courses.csv": "course_id,client_id,treatment_id,sessions,priority\n"
        "co1,c1,relax,2,2\nco2,c2,lymph,2,3"
    },
    {
        "shifts.csv": "therapist_id,date,start,end\n"
        "t1,2026-12-07,09:00,17:00\nt2,2026-12-08,12:00,20:00"
    },
]


def _scenarios(tmp_path: Path) -> list[Scenario]:
    return [load_scenario(write_small(tmp_path / f"spa{i}", f))[0] for i, f in enumerate(SPAS)]


def test_a_failing_job_is_reported_and_the_others_are_kept(tmp_path: Path) -> None:
    good = _scenarios(tmp_path)[0]
    # A scenario no loader would build: its course names a treatment that doesn't exist.
    course = replace(good.courses[0], treatment_id="unknown")
    broken = replace(good, courses=(course, *good.courses[1:]))
    jobs = [Job("good", good, 1.0, 1, 0), Job("broken", broken, 1.0, 1, 0)]
    seen: list[str] = []
    outcomes = run_jobs(jobs, LocalBackend(2), timeout=60, on_done=lambda o: seen.append(o.name))
    assert [o.name for o in outcomes] == ["good", "broken"]
    assert sorted(seen) == ["broken", "good"]
    good_result = outcomes[0].result
    assert good_result is not None and good_result.plan.sessions
    assert check_sessions(good, good_result.plan.sessions) == []
    assert outcomes[1].result is None and "unknown" in (outcomes[1].error or "")
    assert "Traceback" in outcomes[1].detail


def test_timed_out_and_crashed_processes_are_reported(tmp_path: Path) -> None:
    scenario = _scenarios(tmp_path)[0]
    jobs = [Job("slow", scenario, 1.0, 1, 0), Job("slow2", scenario, 1.0, 1, 0)]
    started = time.perf_counter()
    outcomes = run_jobs(jobs, LocalBackend(2, target=sleepy_job), timeout=3.0)
    assert time.perf_counter() - started < 30  # killed, not waited for
    assert all(o.timed_out and o.error == "timed out after 3 s" for o in outcomes)
    [crashed] = run_jobs(jobs[:1], LocalBackend(1, target=crashing_job), timeout=30)
    assert crashed.error == "the solver process ended unexpectedly (exit code 9)"


@pytest.mark.slow
def test_batch_on_a_dask_local_cluster_gives_the_local_results(tmp_path: Path) -> None:
    distributed = pytest.importorskip("distributed")
    folders = [str(write_small(tmp_path / f"spa{i}", files)) for i, files in enumerate(SPAS)]
    common = ["--time-limit", "1", "--workers", "1", "--seed", "7", "--deterministic"]
    local = CliRunner().invoke(main, ["batch", *folders, "-o", str(tmp_path / "local"), *common])
    assert local.exit_code == 0, local.output
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        remote = CliRunner().invoke(
            main,
            [
                "batch",
                *folders,
                "-o",
                str(tmp_path / "dask"),
                *common,
                "--scheduler",
                cluster.scheduler_address,
            ],
        )
    assert remote.exit_code == 0, remote.output
    here, there = _comparison(tmp_path / "local"), _comparison(tmp_path / "dask")
    assert list(there) == [f"spa{i}" for i in range(len(SPAS))]
    for name, row in here.items():
        same = ("status", "check", "scheduled_value", "sessions_scheduled", "penalty")
        assert [row[k] for k in same] == [there[name][k] for k in same], name
        assert row["check"] == "ok"
        # The plans themselves, row for row.
        local_plan = (tmp_path / "local" / name / "plan.csv").read_text(encoding="utf-8")
        assert local_plan == (tmp_path / "dask" / name / "plan.csv").read_text(encoding="utf-8")


def test_an_unreachable_scheduler_is_an_input_error(tmp_path: Path) -> None:
    folder = str(write_small(tmp_path / "spa"))
    result = CliRunner().invoke(
        main, ["batch", folder, "-o", str(tmp_path / "out"), "--scheduler", "tcp://127.0.0.1:9"]
    )
    assert result.exit_code == 2
    assert "can't reach the Dask scheduler at tcp://127.0.0.1:9" in result.output


def _comparison(out: Path) -> dict[str, dict[str, str]]:
    with (out / "comparison.csv").open(encoding="utf-8") as handle:
        return {row["scenario"]: row for row in csv.DictReader(handle)}


def test_a_stopped_run_reports_the_jobs_it_never_started(tmp_path: Path) -> None:
    scenario = _scenarios(tmp_path)[0]
    jobs = [Job(name, scenario, 1.0, 1, 0) for name in ("a", "b")]
    stop = threading.Event()
    stop.set()
    outcomes = run_jobs(jobs, LocalBackend(1), timeout=60, stop=stop)
    assert [(o.name, o.error, o.ok) for o in outcomes] == [
        ("a", NOT_STARTED, False),
        ("b", NOT_STARTED, False),
    ]


def test_a_solver_that_dies_of_a_signal_is_reported_as_crashed(tmp_path: Path) -> None:
    scenario = _scenarios(tmp_path)[0]
    jobs = [Job("segv", scenario, 1.0, 1, 0), Job("fine", scenario, 1.0, 1, 0)]
    crashed = run_jobs(jobs[:1], LocalBackend(1, target=segfaulting_job), timeout=60)[0]
    assert crashed.crashed and not crashed.ok
    assert crashed.error == "the solver crashed (its process was ended by SIGSEGV)"
    [fine] = run_jobs(jobs[1:], LocalBackend(1), timeout=60)
    assert fine.ok and not fine.crashed
