"""Applying a :class:`~planner.whatif.changes.Variant` to a base scenario.

One function per family of changes, each taking the immutable scenario and returning a new one
made with :func:`dataclasses.replace`. Ids are checked against the scenario as the variant
changes it, so a therapist added by a variant can get shifts in the same variant. Pinned
sessions that a change makes impossible (their therapist ill, their room closed) are released:
the manager asked what happens without them, so they are re-planned, and a note says so.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any, Protocol, TypeVar

from planner.check import check_sessions, load_checked_scenario
from planner.plan.pinned_sessions import pinned_sessions
from planner.scenario.errors import ScenarioError, Severity
from planner.scenario.timeaxis import MINUTES_PER_DAY
from planner.scenario.types import Pin, RoomClosure, Scenario, Settings, Shift
from planner.whatif.additions import added_clients, added_courses
from planner.whatif.changes import Period, Ref, Variant
from planner.whatif.errors import VariantProblem, VariantsError
from planner.whatif.extra import add_room_days, add_specialties, extend_opening
from planner.whatif.shifts import pin_outside, shift_without, with_shift


@dataclass(frozen=True)
class Applied:
    """A variant's effective scenario and notes for the manager (e.g. released pins)."""

    scenario: Scenario
    notes: tuple[str, ...] = ()


@dataclass
class _Run:
    """Problems and notes of applying one variant."""

    variant: Variant
    problems: list[VariantProblem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def fail(self, line: int | None, key: str, message: str) -> None:
        self.problems.append(
            VariantProblem(self.variant.file, line, self.variant.name, key, message)
        )

    def day(self, scenario: Scenario, on: date, line: int | None, key: str) -> int | None:
        """Horizon day of ``on``, or None with an error if it lies outside the horizon."""
        settings = scenario.settings
        day = (on - settings.start).days
        if 0 <= day < settings.days:
            return day
        last = settings.last_day
        self.fail(
            line,
            key,
            f"date {on.isoformat()} lies outside the horizon "
            f"{settings.start.isoformat()}..{last.isoformat()}",
        )
        return None

    def period(self, scenario: Scenario, p: Period, key: str) -> tuple[int, int] | None:
        """``p`` on the time axis (no times = the whole day)."""
        day = self.day(scenario, p.on, p.line, key)
        if day is None:
            return None
        base = day * MINUTES_PER_DAY
        if p.start is None or p.end is None:
            return base, base + MINUTES_PER_DAY
        return base + p.start, base + p.end


def _known(kind: str, wanted: str, ids: list[str]) -> str:
    shown = ", ".join(ids[:12]) + (", ..." if len(ids) > 12 else "")
    return f"unknown {kind} {wanted!r}; expected one of: {shown}"


def _release(scenario: Scenario, run: _Run, keep: Callable[[Pin], bool], why: str) -> Scenario:
    kept = tuple(p for p in scenario.pins if keep(p))
    for pin in scenario.pins:
        if not keep(pin):
            run.notes.append(f"pinned session {pin.course_id} #{pin.session} released ({why})")
    return replace(scenario, pins=kept)


def apply_settings(scenario: Scenario, run: _Run) -> Scenario:
    """``settings``: turnover, client sessions per day, weights, time limit, ..."""
    settings = scenario.settings
    weights: dict[str, int] = {}
    values: dict[str, Any] = {}
    for change in run.variant.settings:
        if change.key.startswith("weights."):
            weights[change.key.removeprefix("weights.")] = int(change.value)
        else:
            values[change.key] = change.value
    values["weights"] = replace(settings.weights, **weights)
    new = replace(settings, **values)
    return replace(scenario, settings=new)


def apply_opening(scenario: Scenario, run: _Run) -> Scenario:
    """``opening_hours``, ``close_dates`` and ``open_dates``."""
    v = run.variant
    settings: Settings = scenario.settings
    week = list(settings.opening_hours)
    for change in v.opening_hours:
        week[change.weekday] = change.hours
    closed = set(settings.closed_dates)
    for d in v.close_dates:
        if run.day(scenario, d.on, d.line, "close_dates") is not None:
            closed.add(d.on)
    for d in v.open_dates:
        if d.on not in closed:
            shown = ", ".join(sorted(x.isoformat() for x in closed)) or "none"
            run.fail(
                d.line,
                "open_dates",
                f"{d.on.isoformat()} is not a closed date (closed dates: {shown})",
            )
        closed.discard(d.on)
    new = replace(settings, opening_hours=tuple(week), closed_dates=frozenset(closed))
    return replace(scenario, settings=new)


class _HasId(Protocol):
    """What a variant adds and removes by id: rooms and therapists."""

    @property
    def id(self) -> str: ...


_Item = TypeVar("_Item", bound=_HasId)


def _add_remove(
    run: _Run,
    kind: str,
    items: Sequence[_Item],
    added: Iterable[tuple[_Item, int | None]],
    removed: Iterable[Ref],
) -> tuple[tuple[_Item, ...], set[str]]:
    """``items`` after ``add_<kind>s`` and ``remove_<kind>s``, and the removed ids.

    An added id that exists already and a removed id that does not exist (after the additions)
    are errors; the rest still applies, so that every problem of the variant is reported.
    """
    kept = list(items)
    for item, line in added:
        if any(k.id == item.id for k in kept):
            run.fail(line, f"add_{kind}s", f"{kind} {item.id!r} already exists")
        else:
            kept.append(item)
    gone = set()
    for ref in removed:
        if not any(k.id == ref.id for k in kept):
            run.fail(ref.line, f"remove_{kind}s", _known(kind, ref.id, [k.id for k in kept]))
        gone.add(ref.id)
    return tuple(k for k in kept if k.id not in gone), gone


def apply_rooms(scenario: Scenario, run: _Run) -> Scenario:
    """``add_rooms``, ``remove_rooms`` and ``close_rooms``."""
    v = run.variant
    added = ((new.room, new.line) for new in v.add_rooms)
    rooms, gone = _add_remove(run, "room", scenario.rooms, added, v.remove_rooms)
    closures = [c for c in scenario.room_closures if c.room_id not in gone]
    scenario = replace(scenario, rooms=rooms, room_closures=tuple(closures))
    scenario = _release(scenario, run, lambda p: p.room_id not in gone, "its room is removed")
    for p in v.close_rooms:
        if p.owner_id not in scenario.room_by_id:
            run.fail(p.line, "close_rooms", _known("room", p.owner_id, list(scenario.room_by_id)))
        elif (span := run.period(scenario, p, "close_rooms")) is not None:
            closures.append(RoomClosure(p.owner_id, *span))
    return replace(scenario, room_closures=tuple(closures))


def apply_therapists(scenario: Scenario, run: _Run) -> Scenario:
    """``add_therapists`` and ``remove_therapists``."""
    v = run.variant
    added = ((new.therapist, new.line) for new in v.add_therapists)
    therapists, gone = _add_remove(
        run, "therapist", scenario.therapists, added, v.remove_therapists
    )
    scenario = replace(
        scenario,
        therapists=therapists,
        shifts=tuple(s for s in scenario.shifts if s.therapist_id not in gone),
    )
    return _release(scenario, run, lambda p: p.therapist_id not in gone, "therapist removed")


def apply_shifts(scenario: Scenario, run: _Run) -> Scenario:
    """``remove_shifts`` (illness, a day off) then ``add_shifts`` (overtime, a new therapist)."""
    v = run.variant
    shifts = list(scenario.shifts)
    ids = list(scenario.therapist_by_id)
    for p in v.remove_shifts:
        if p.owner_id not in scenario.therapist_by_id:
            run.fail(p.line, "remove_shifts", _known("therapist", p.owner_id, ids))
            continue
        span = run.period(scenario, p, "remove_shifts")
        if span is None:
            continue
        start, end = span
        mine = [
            s for s in shifts if s.therapist_id == p.owner_id and s.start < end and start < s.end
        ]
        if not mine:
            run.fail(
                p.line,
                "remove_shifts",
                f"therapist {p.owner_id!r} has no shift on "
                f"{p.on.isoformat()} in that period; nothing to remove",
            )
            continue
        shifts = [
            piece
            for s in shifts
            for piece in (shift_without(s, start, end) if s.therapist_id == p.owner_id else [s])
        ]
        scenario = _release(
            scenario,
            run,
            pin_outside(scenario, p.owner_id, start, end),
            f"{p.owner_id} is off on {p.on.isoformat()}",
        )
    for p in v.add_shifts:
        if p.owner_id not in scenario.therapist_by_id:
            run.fail(p.line, "add_shifts", _known("therapist", p.owner_id, ids))
        elif (span := run.period(scenario, p, "add_shifts")) is not None:
            shifts = with_shift(shifts, Shift(p.owner_id, *span))
    return replace(scenario, shifts=tuple(shifts))


def apply_clients_courses(scenario: Scenario, run: _Run) -> Scenario:
    """``add_clients``, ``add_courses``, ``remove_courses`` and ``priorities``."""
    v = run.variant
    clients = added_clients(scenario, v, run.problems)
    scenario = replace(scenario, clients=scenario.clients + clients)
    courses = added_courses(scenario, v, run.problems)
    scenario = replace(scenario, courses=scenario.courses + courses)
    gone = set()
    for ref in v.remove_courses:
        if ref.id not in scenario.course_by_id:
            run.fail(
                ref.line, "remove_courses", _known("course", ref.id, list(scenario.course_by_id))
            )
        gone.add(ref.id)
    scenario = replace(scenario, courses=tuple(c for c in scenario.courses if c.id not in gone))
    scenario = _release(scenario, run, lambda p: p.course_id not in gone, "course removed")
    priorities = {}
    for change in v.priorities:
        if change.course_id not in scenario.course_by_id:
            run.fail(
                change.line,
                "priorities",
                _known("course", change.course_id, list(scenario.course_by_id)),
            )
        priorities[change.course_id] = change.priority
    courses_now = tuple(
        replace(c, priority=priorities[c.id]) if c.id in priorities else c for c in scenario.courses
    )
    return replace(scenario, courses=courses_now)


def release_broken_pins(scenario: Scenario, run: _Run) -> Scenario:
    """Release pins that the changes made impossible (closed date, shorter hours, ...)."""
    violations = check_sessions(scenario, pinned_sessions(scenario), partial=True)
    broken = {key for v in violations for key in v.sessions}
    if not broken:
        return scenario
    return _release(
        scenario,
        run,
        lambda p: (p.course_id, p.session) not in broken,
        "it no longer fits the changed week",
    )


def apply_extras(scenario: Scenario, run: _Run) -> Scenario:
    """``add_specialties``, ``add_room_days`` and ``extend_opening`` (:mod:`.extra`)."""
    v = run.variant
    for change in v.add_specialties:
        if change.therapist_id not in scenario.therapist_by_id:
            ids = list(scenario.therapist_by_id)
            run.fail(change.line, "add_specialties", _known("therapist", change.therapist_id, ids))
    scenario = add_specialties(scenario, v.add_specialties)
    days = []
    for room_day in v.add_room_days:
        if room_day.room.id in scenario.room_by_id:
            run.fail(room_day.line, "add_room_days", f"room {room_day.room.id!r} already exists")
        elif (day := run.day(scenario, room_day.on, room_day.line, "add_room_days")) is not None:
            days.append((room_day.room, day))
    scenario = add_room_days(scenario, days)
    longer = []
    for change in v.extend_opening:
        day = run.day(scenario, change.on, change.line, "extend_opening")
        if day is not None and scenario.settings.opening(day) is None:
            run.fail(change.line, "extend_opening", f"the spa is closed on {change.on.isoformat()}")
        elif day is not None:
            longer.append((day, change.start, change.end))
    return extend_opening(scenario, longer)


# The fixed order in which a variant's changes are applied (see ``Variant``).
STEPS: tuple[Callable[[Scenario, _Run], Scenario], ...] = (
    apply_settings,
    apply_opening,
    apply_rooms,
    apply_therapists,
    apply_shifts,
    apply_clients_courses,
    apply_extras,
)


def base_of(variant: Variant, base: Scenario) -> Scenario:
    """The scenario the variant's changes apply to: ``base``, or its own scenario folder."""
    if variant.scenario_folder is None:
        return base
    try:
        scenario, _ = load_checked_scenario(variant.scenario_folder)
    except ScenarioError as error:
        problems = [
            VariantProblem(
                f"{Path(variant.scenario_folder).name}/{p.file}",
                p.row,
                variant.name,
                "scenario",
                p.message,
                p.column or "",
                "row",
                p.subject,
            )
            for p in error.problems
            if p.severity is Severity.ERROR
        ]
        raise VariantsError(problems) from None
    return scenario


def apply_variant(base: Scenario, variant: Variant) -> Applied:
    """The effective scenario of ``variant`` on ``base``.

    Raises
    ------
    VariantsError
        With every id, date or row that does not fit the scenario, each naming the variant.
    """
    scenario = base_of(variant, base)
    run = _Run(variant)
    for step in STEPS:
        scenario = step(scenario, run)
    if run.problems:
        raise VariantsError(run.problems)
    scenario = release_broken_pins(scenario, run)
    return Applied(scenario, tuple(run.notes))


__all__ = ["Applied", "apply_variant"]
