"""A small spa for what-if tests: two therapists, two rooms, two days, more demand than room."""

from __future__ import annotations

from pathlib import Path
from textwrap import dedent

SMALL: dict[str, str] = {
    "scenario.toml": """
        name = "small"
        start = 2026-12-07
        days = 2
        time_limit_seconds = 2
    """,
    "therapists.csv": """
        therapist_id,name,specialties,max_sessions_per_day
        t1,Olena,relaxing;lymphatic,3
        t2,Taras,relaxing,3
    """,
    "shifts.csv": """
        therapist_id,date,start,end
        t1,2026-12-07,09:00,13:00
        t1,2026-12-08,09:00,13:00
        t2,2026-12-07,09:00,13:00
        t2,2026-12-08,09:00,13:00
    """,
    "rooms.csv": """
        room_id,name,equipment
        r1,Room 1,table
    """,
    "treatments.csv": """
        treatment_id,name,specialty,duration_min,equipment,intensity,min_gap_hours
        relax,Relaxing massage,relaxing,60,table,gentle,24
        lymph,Lymph drainage,lymphatic,60,table,gentle,24
    """,
    "clients.csv": """
        client_id,name,phone
        c1,Anna,+380 1
        c2,Bohdan,+380 2
        c3,Chrystia,+380 3
        c4,Dmytro,+380 4
        c5,Eva,+380 5
    """,
    "courses.csv": """
        course_id,client_id,treatment_id,sessions,priority,needs_assessment
        co1,c1,relax,2,3,no
        co2,c2,relax,2,2,no
        co3,c3,lymph,2,2,no
        co4,c4,relax,1,1,no
        co5,c5,relax,2,1,no
    """,
}


def write_small(folder: Path, files: dict[str, str | None] | None = None) -> Path:
    """Write SMALL updated by ``files`` (None drops a file) as a scenario folder."""
    merged: dict[str, str | None] = {**SMALL, **(files or {})}
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in merged.items():
        if text is not None:
            (folder / name).write_text(dedent(text).strip() + "\n", encoding="utf-8")
    return folder


def sleepy_job(job: object, context: object) -> object:
    """A job target that never finishes in time (for timeout tests; runs in a child process)."""
    import time

    time.sleep(600)
    raise AssertionError("unreachable")


def crashing_job(job: object, context: object) -> object:
    """A job target whose process dies without an answer (for crash tests)."""
    import os

    os._exit(9)


def segfaulting_job(job: object, context: object) -> object:
    """A job target whose process dies of SIGSEGV, as a crash inside CP-SAT's native code: in
    the thread that runs the solve, as a real fault is."""
    import signal
    import threading

    signal.pthread_kill(threading.get_ident(), signal.SIGSEGV)
    raise AssertionError("unreachable")
