"""Immutable domain model of a planning scenario.

A :class:`Scenario` is built once, validated at the edge (``planner.scenario.load``), and never
mutated afterwards: variants (what-if runs, nightly re-plans) are made with
:func:`dataclasses.replace`. All times are integer minutes on the horizon axis of
:mod:`planner.scenario.timeaxis` (0 = 00:00 of the horizon's first day).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from functools import cached_property

from planner.scenario.timeaxis import MINUTES_PER_DAY, max_gap_minutes, min_gap_minutes


class Intensity(StrEnum):
    """How hard a treatment is on the therapist's hands."""

    GENTLE = "gentle"
    DEEP = "deep"


class Strictness(StrEnum):
    """How strictly a condition forbids a treatment: the ``rule`` column of
    ``contraindications.csv`` (strictest first)."""

    ABSOLUTE = "absolute"
    RELATIVE = "relative"
    LOCAL = "local"

    @property
    def rank(self) -> int:
        """Larger is stricter; used where several rows match."""
        return {Strictness.ABSOLUTE: 3, Strictness.RELATIVE: 2, Strictness.LOCAL: 1}[self]


@dataclass(frozen=True)
class Weights:
    """Weights of the soft goals in the penalty (contract section "Score"), and what a re-plan
    pays for moving a published session."""

    continuity: int = 10
    preferred_therapist: int = 5
    preferred_time: int = 2
    # Not in the contract's score. In a re-plan (nightly, what-if variants), moving or dropping
    # a session of the reference plan costs this much scheduled value: a move must book at
    # least that much more. ``max_moves`` caps the moves beyond the sessions that can't be kept.
    stability: int = 3
    max_moves: int | None = None


DEFAULT_OPENING = (9 * 60, 21 * 60)


@dataclass(frozen=True)
class Settings:
    """Settings of ``scenario.toml``, with every default of the contract applied."""

    start: date
    name: str = ""
    # planner's extension: the spa whose plans these are; the archive files runs under it, so
    # that weeks rolled over from one another (each with its own ``name``) are one spa's history.
    spa: str = ""
    days: int = 7
    slot_minutes: int = 15
    turnover_minutes: int = 15
    assessment_minutes: int = 15
    client_max_sessions_per_day: int = 1
    time_limit_seconds: float = 30.0
    # Opening hours per weekday (index 0 = Monday) as minutes of the day, None = closed.
    opening_hours: tuple[tuple[int, int] | None, ...] = (DEFAULT_OPENING,) * 7
    closed_dates: frozenset[date] = frozenset()
    weights: Weights = field(default_factory=Weights)

    @property
    def horizon_minutes(self) -> int:
        """Length of the horizon in minutes (its end on the time axis)."""
        return self.days * MINUTES_PER_DAY

    def day_date(self, day: int) -> date:
        """Calendar date of horizon day ``day``."""
        return self.start + timedelta(days=day)

    @property
    def last_day(self) -> date:
        """Calendar date of the horizon's last day."""
        return self.day_date(self.days - 1)

    def week_of(self, day: int) -> int:
        """Calendar week (Monday to Sunday) of horizon day ``day``; the horizon's first day is in
        week 0, so a horizon that starts mid-week has a short week 0 (``max_minutes_per_week``)."""
        return (self.start.weekday() + day) // 7

    def week_monday(self, week: int) -> date:
        """Date of the Monday that begins calendar week ``week`` (see :meth:`week_of`); the
        Monday of week 0 lies before the horizon when the horizon starts mid-week."""
        return self.start + timedelta(days=7 * week - self.start.weekday())

    def opening(self, day: int) -> tuple[int, int] | None:
        """Opening period of horizon day ``day`` on the time axis, or None if closed."""
        on = self.day_date(day)
        if on in self.closed_dates:
            return None
        hours = self.opening_hours[on.weekday()]
        if hours is None:
            return None
        base = day * MINUTES_PER_DAY
        return base + hours[0], base + hours[1]


@dataclass(frozen=True)
class Therapist:
    """A therapist and their personal limits."""

    id: str
    name: str
    specialties: frozenset[str]
    max_sessions_per_day: int = 6
    max_minutes_per_week: int | None = None
    max_deep_per_day: int | None = None


@dataclass(frozen=True)
class Shift:
    """A working period of a therapist, ``[start, end)`` on the time axis, within one day."""

    therapist_id: str
    start: int
    end: int


@dataclass(frozen=True)
class Room:
    """A treatment room and its equipment."""

    id: str
    name: str
    equipment: frozenset[str] = frozenset()


@dataclass(frozen=True)
class RoomClosure:
    """A period ``[start, end)`` in which a room can't be used."""

    room_id: str
    start: int
    end: int


@dataclass(frozen=True)
class Treatment:
    """A kind of treatment: who may give it, where, how long, how often."""

    id: str
    name: str
    specialty: str
    duration: int
    equipment: frozenset[str] = frozenset()
    intensity: Intensity = Intensity.GENTLE
    min_gap_hours: float = 24.0
    max_gap_hours: float | None = None

    @property
    def deep(self) -> bool:
        """True for treatments that count towards a therapist's ``max_deep_per_day``."""
        return self.intensity is Intensity.DEEP


@dataclass(frozen=True)
class Client:
    """A client. ``details`` holds any further columns (contact data): never shown to staff."""

    id: str
    name: str
    details: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Condition:
    """A health condition of a client, active on horizon days ``first_day..last_day``.

    Day numbers may lie outside the horizon (a condition that began before it).
    """

    client_id: str
    condition: str  # lower case
    first_day: int
    last_day: int
    cleared: bool = False

    def active_on(self, day: int) -> bool:
        """True if the condition is active on horizon day ``day``."""
        return self.first_day <= day <= self.last_day


@dataclass(frozen=True)
class Availability:
    """A period ``[start, end)`` in which a client can come; ``preferred`` marks wished times."""

    client_id: str
    start: int
    end: int
    preferred: bool = False


@dataclass(frozen=True)
class Contraindication:
    """A rule: ``condition`` forbids ``treatment_id`` (``*`` = every treatment) this strictly."""

    condition: str  # lower case
    treatment_id: str
    rule: Strictness


@dataclass(frozen=True)
class Course:
    """A multi-session treatment course booked by a client.

    ``min_gap_hours`` / ``max_gap_hours`` are the course's own overrides (None = the
    treatment's). ``earliest`` / ``latest`` / ``last_session_end`` are axis minutes and may lie
    outside the horizon.
    """

    id: str
    client_id: str
    treatment_id: str
    sessions: int
    priority: int = 1
    earliest: int | None = None
    latest: int | None = None
    min_gap_hours: float | None = None
    max_gap_hours: float | None = None
    preferred_therapist: str | None = None
    needs_assessment: bool = True
    last_session_end: int | None = None

    @property
    def assessment_on_first(self) -> bool:
        """True if session 1 includes the assessment (no earlier session before the horizon)."""
        return self.needs_assessment and self.last_session_end is None


@dataclass(frozen=True)
class Pin:
    """A session already booked (``pinned.csv``) that must stay exactly as it is."""

    course_id: str
    session: int
    therapist_id: str
    room_id: str
    start: int
    # When the front desk booked it (axis minute; planner's ``booked`` column), None for a pin
    # the manager set: a booking a scenario change makes impossible is released, not an error.
    booked: int | None = None


@dataclass(frozen=True)
class Scenario:
    """Everything the planner knows about one spa's planning horizon.

    Built by ``planner.load_scenario`` (or ``planner.ScenarioBuilder``), validated once; use
    ``dataclasses.replace`` for variants. ``contraindications`` holds the effective rules:
    the shipped defaults merged with the scenario's own file.
    """

    settings: Settings
    therapists: tuple[Therapist, ...]
    shifts: tuple[Shift, ...]
    rooms: tuple[Room, ...]
    treatments: tuple[Treatment, ...]
    clients: tuple[Client, ...]
    courses: tuple[Course, ...]
    room_closures: tuple[RoomClosure, ...] = ()
    conditions: tuple[Condition, ...] = ()
    availability: tuple[Availability, ...] = ()
    contraindications: tuple[Contraindication, ...] = ()
    pins: tuple[Pin, ...] = ()

    # Lookups, computed once per (immutable) instance.
    @cached_property
    def therapist_by_id(self) -> dict[str, Therapist]:
        return {t.id: t for t in self.therapists}

    @cached_property
    def room_by_id(self) -> dict[str, Room]:
        return {r.id: r for r in self.rooms}

    @cached_property
    def treatment_by_id(self) -> dict[str, Treatment]:
        return {t.id: t for t in self.treatments}

    @cached_property
    def client_by_id(self) -> dict[str, Client]:
        return {c.id: c for c in self.clients}

    @cached_property
    def course_by_id(self) -> dict[str, Course]:
        return {c.id: c for c in self.courses}

    @cached_property
    def shifts_by_therapist(self) -> dict[str, tuple[Shift, ...]]:
        out: dict[str, list[Shift]] = {t.id: [] for t in self.therapists}
        for s in sorted(self.shifts, key=lambda s: (s.start, s.end)):
            out.setdefault(s.therapist_id, []).append(s)
        return {k: tuple(v) for k, v in out.items()}

    @cached_property
    def closures_by_room(self) -> dict[str, tuple[RoomClosure, ...]]:
        out: dict[str, list[RoomClosure]] = {r.id: [] for r in self.rooms}
        for c in sorted(self.room_closures, key=lambda c: (c.start, c.end)):
            out.setdefault(c.room_id, []).append(c)
        return {k: tuple(v) for k, v in out.items()}

    @cached_property
    def availability_by_client(self) -> dict[str, tuple[Availability, ...]]:
        out: dict[str, list[Availability]] = {}
        for a in sorted(self.availability, key=lambda a: (a.start, a.end)):
            out.setdefault(a.client_id, []).append(a)
        return {k: tuple(v) for k, v in out.items()}

    @cached_property
    def conditions_by_client(self) -> dict[str, tuple[Condition, ...]]:
        out: dict[str, list[Condition]] = {}
        for c in self.conditions:
            out.setdefault(c.client_id, []).append(c)
        return {k: tuple(v) for k, v in out.items()}

    @cached_property
    def pins_by_course(self) -> dict[str, dict[int, Pin]]:
        out: dict[str, dict[int, Pin]] = {}
        for p in self.pins:
            out.setdefault(p.course_id, {})[p.session] = p
        return out

    # Derived quantities of the contract, defined once for model, checker and exports.
    @property
    def sessions_total(self) -> int:
        """Sessions all courses book: the most a plan can schedule (``summary.json``)."""
        return sum(course.sessions for course in self.courses)

    def treatment_of(self, course: Course) -> Treatment:
        """The treatment a course books."""
        return self.treatment_by_id[course.treatment_id]

    def session_length(self, course: Course, session: int) -> int:
        """Booked minutes of session ``session`` (1-based) of ``course`` (hard rule 2)."""
        length = self.treatment_of(course).duration
        if session == 1 and course.assessment_on_first:
            length += self.settings.assessment_minutes
        return length

    def gap_hours(self, course: Course) -> tuple[float, float | None]:
        """Effective (min, max) gap in hours between sessions of ``course``."""
        treatment = self.treatment_of(course)
        low = course.min_gap_hours if course.min_gap_hours is not None else treatment.min_gap_hours
        high = course.max_gap_hours if course.max_gap_hours is not None else treatment.max_gap_hours
        return low, high

    def gap_minutes(self, course: Course) -> tuple[int, int | None]:
        """Effective (min, max) gap in whole minutes, rounded so exact gaps stay exact."""
        low, high = self.gap_hours(course)
        return min_gap_minutes(low), (None if high is None else max_gap_minutes(high))

    def course_window(self, course: Course) -> tuple[int, int]:
        """``[first start, last end]`` allowed for the course: its earliest/latest cut to the
        horizon (hard rule 11 and the contract's fine point on the horizon)."""
        low = 0 if course.earliest is None else max(0, course.earliest)
        high = self.settings.horizon_minutes
        if course.latest is not None:
            high = min(high, course.latest)
        return low, high
