"""Clients and courses a variant adds from CSV files in the contract's formats.

The rows are read by the scenario loader's own readers, so a variant's courses file means
exactly what ``courses.csv`` means; problems name the CSV file, row, column and the variant.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TypeVar

from planner.scenario import rows
from planner.scenario.cells import Cells
from planner.scenario.csvread import Problems, TableSpec, read_table
from planner.scenario.errors import Problem
from planner.scenario.subjects import name_rows
from planner.scenario.types import Client, Course, Scenario
from planner.whatif.changes import CsvFile, Variant
from planner.whatif.errors import VariantProblem

T = TypeVar("T")


def _problem(variant: Variant, key: str, p: Problem) -> VariantProblem:
    column = p.column or ""
    return VariantProblem(p.file, p.row, variant.name, key, p.message, column, "row", p.subject)


def _read(
    scenario: Scenario,
    variant: Variant,
    key: str,
    source: CsvFile,
    spec: TableSpec,
    build: Callable[[Cells], T | None],
    id_column: str,
    problems: list[VariantProblem],
) -> list[rows.Loaded[T]]:
    found = Problems()
    table = read_table(source.path.parent, replace(spec, file=source.path.name), found)
    loaded = rows.convert(table, found, scenario.settings, build, id_column) if table.usable else []
    named = name_rows(found.errors, {table.file: table}, {table.file: spec.file})
    problems.extend(_problem(variant, key, p) for p in named)
    return loaded


def _fail(
    problems: list[VariantProblem],
    variant: Variant,
    key: str,
    path: Path,
    row: int,
    column: str,
    message: str,
) -> None:
    problems.append(VariantProblem(path.name, row, variant.name, key, message, column, "row"))


def added_clients(
    scenario: Scenario, variant: Variant, problems: list[VariantProblem]
) -> tuple[Client, ...]:
    """Clients of the variant's ``add_clients`` files (ids new to the scenario)."""
    out: list[Client] = []
    for source in variant.add_clients:
        loaded = _read(
            scenario,
            variant,
            "add_clients",
            source,
            rows.CLIENTS,
            rows.client,
            "client_id",
            problems,
        )
        for entry in loaded:
            if entry.item.id in scenario.client_by_id or any(c.id == entry.item.id for c in out):
                _fail(
                    problems,
                    variant,
                    "add_clients",
                    source.path,
                    entry.row,
                    "client_id",
                    f"client {entry.item.id!r} already exists; expected a new client id",
                )
            else:
                out.append(entry.item)
    return tuple(out)


def added_courses(
    scenario: Scenario, variant: Variant, problems: list[VariantProblem]
) -> tuple[Course, ...]:
    """Courses of the variant's ``add_courses`` files, checked against ``scenario``."""
    out: list[Course] = []
    for source in variant.add_courses:
        loaded = _read(
            scenario,
            variant,
            "add_courses",
            source,
            rows.COURSES,
            rows.course(scenario.settings),
            "course_id",
            problems,
        )
        for entry in loaded:
            course, row = entry.item, entry.row
            message = _course_problem(scenario, course, out)
            if message is not None:
                column, text = message
                _fail(problems, variant, "add_courses", source.path, row, column, text)
            else:
                out.append(course)
    return tuple(out)


def _course_problem(
    scenario: Scenario, course: Course, added: list[Course]
) -> tuple[str, str] | None:
    """The first reason ``course`` can't be added (column, message), or None."""
    if course.id in scenario.course_by_id or any(c.id == course.id for c in added):
        return "course_id", f"course {course.id!r} already exists; expected a new course id"
    if course.client_id not in scenario.client_by_id:
        return "client_id", (
            f"unknown client {course.client_id!r}; expected a client of "
            "clients.csv or of the variant's add_clients file"
        )
    if course.treatment_id not in scenario.treatment_by_id:
        known = ", ".join(t.id for t in scenario.treatments)
        return (
            "treatment_id",
            f"unknown treatment {course.treatment_id!r}; expected one of: {known}",
        )
    low, high = scenario.gap_hours(course)
    if high is not None and high < low:
        return "max_gap_hours", f"expected a max gap of at least the min gap ({low:g} h)"
    return None
