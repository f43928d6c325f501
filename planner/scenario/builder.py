"""Building a ``Scenario`` in Python, with dates and clock times (``ScenarioBuilder``).

Each ``add_*`` method takes what one row of a scenario folder's CSV files says, and ``build``
gives the scenario the loader would give for that folder (the loader's time conversions, names
lower-cased, the shipped contraindication rules merged in): written with
``write_scenario_folder``, it loads back equal. A programmer's mistake (an id added twice or
never added, a shift outside the horizon) is a ``ValueError`` naming it; whether pinned
sessions keep the hard rules is asked of the checker (``planner.validate``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime, time
from typing import Literal, TypeVar

from planner.scenario.csvread import Problems
from planner.scenario.load import merge_contraindications, shipped_contraindications
from planner.scenario.timeaxis import WEEKDAYS, minutes_at, parse_clock, parse_datetime
from planner.scenario.types import (
    Availability,
    Client,
    Condition,
    Contraindication,
    Course,
    Intensity,
    Pin,
    Room,
    RoomClosure,
    Scenario,
    Settings,
    Shift,
    Strictness,
    Therapist,
    Treatment,
    Weights,
)

Clock = str | time
"""A clock time: ``"HH:MM"`` (``"24:00"`` as an end) or a ``datetime.time``."""
Moment = str | datetime
"""A date-time: ``"YYYY-MM-DDTHH:MM"`` or a ``datetime.datetime`` (spa's local time)."""
Period = tuple[date, Clock, Clock]
"""A period within one day: ``(date, start, end)``."""


DEFAULT_HOURS = ("09:00", "21:00")
T = TypeVar("T")


def _clock(value: Clock) -> int:
    if isinstance(value, time):
        return value.hour * 60 + value.minute
    return parse_clock(value)


class ScenarioBuilder:
    """A scenario put together in code, one therapist, room, client and course at a time.

    Parameters
    ----------
    name
        The scenario's name (``scenario.toml``'s ``name``).
    start
        First day of the horizon.
    days
        Length of the horizon in days.
    spa
        The spa whose plans these are (planner's extension; default: ``name``).
    opening_hours
        ``{"default": ("09:00", "21:00"), "sun": None, ...}``: hours per weekday (``mon`` ..
        ``sun``), None for a closed day; days not named take ``default`` (09:00-21:00 unless
        given).
    closed_dates
        Dates the spa is closed.
    weights
        Weights of the soft goals.
    slot_minutes, turnover_minutes, assessment_minutes, client_max_sessions_per_day
        As in ``scenario.toml``.
    time_limit_seconds
        The solve's default time limit, as in ``scenario.toml``.

    Examples
    --------
    >>> from datetime import date
    >>> b = ScenarioBuilder("week 50", start=date(2026, 12, 7), days=7)
    >>> _ = b.add_therapist("t1", specialties=["massage"],
    ...                     shifts=[(date(2026, 12, 7), "09:00", "17:00")])
    >>> _ = b.add_room("r1")
    >>> _ = b.add_treatment("swedish", specialty="massage", duration=60)
    >>> _ = b.add_client("c1", "Olena")
    >>> _ = b.add_course("k1", "c1", "swedish", sessions=1)
    >>> b.build().settings.horizon_minutes
    10080
    """

    def __init__(
        self,
        name: str,
        *,
        start: date,
        days: int = 7,
        spa: str = "",
        opening_hours: Mapping[str, tuple[Clock, Clock] | None] | None = None,
        closed_dates: Iterable[date] = (),
        weights: Weights | None = None,
        slot_minutes: int = 15,
        turnover_minutes: int = 15,
        assessment_minutes: int = 15,
        client_max_sessions_per_day: int = 1,
        time_limit_seconds: float = 30.0,
    ) -> None:
        hours = dict(opening_hours or {})
        unknown = set(hours) - {"default", *WEEKDAYS}
        if unknown:
            raise ValueError(f"unknown opening_hours key(s) {sorted(unknown)}; expected "
                             f"'default' or one of {', '.join(WEEKDAYS)}")  # fmt: skip

        def hours_of(day: str) -> tuple[int, int] | None:
            given = hours.get(day, hours.get("default", DEFAULT_HOURS))
            return None if given is None else (_clock(given[0]), _clock(given[1]))

        self.settings = Settings(
            start=start,
            name=name,
            spa=spa,
            days=days,
            slot_minutes=slot_minutes,
            turnover_minutes=turnover_minutes,
            assessment_minutes=assessment_minutes,
            client_max_sessions_per_day=client_max_sessions_per_day,
            time_limit_seconds=float(time_limit_seconds),
            opening_hours=tuple(hours_of(day) for day in WEEKDAYS),
            closed_dates=frozenset(closed_dates),
            weights=weights or Weights(),
        )
        self.therapists: dict[str, Therapist] = {}
        self.shifts: list[Shift] = []
        self.rooms: dict[str, Room] = {}
        self.room_closures: list[RoomClosure] = []
        self.treatments: dict[str, Treatment] = {}
        self.clients: dict[str, Client] = {}
        self.conditions: list[Condition] = []
        self.availability: list[Availability] = []
        self.contraindications: list[Contraindication] = []
        self.courses: dict[str, Course] = {}
        self.pins: list[Pin] = []

    # Conversions: the loader's, on this builder's horizon.
    def minute(self, on: date, clock: Clock) -> int:
        """The horizon-axis minute of ``clock`` on ``on``."""
        return minutes_at(self.settings.start, on, _clock(clock))

    def moment(self, value: Moment | None) -> int | None:
        """The horizon-axis minute of a date-time (None stays None)."""
        if value is None:
            return None
        if isinstance(value, datetime):
            return self.minute(value.date(), value.time())
        return parse_datetime(self.settings.start, value)

    def _period(self, period: Period) -> tuple[int, int]:
        on, start, end = period
        low, high = self.minute(on, start), self.minute(on, end)
        if high <= low:
            raise ValueError(f"expected an end after the start on {on.isoformat()}: {period}")
        return low, high

    def add_therapist(
        self,
        therapist_id: str,
        name: str | None = None,
        *,
        specialties: Iterable[str],
        shifts: Iterable[Period] = (),
        max_sessions_per_day: int = 6,
        max_minutes_per_week: int | None = None,
        max_deep_per_day: int | None = None,
    ) -> Therapist:
        """Add a therapist (``therapists.csv``; name default: the id) with at least one
        specialty, and their working periods ``(date, "HH:MM", "HH:MM")`` (``shifts.csv``;
        more with ``add_shift``)."""
        kinds = frozenset(s.strip().lower() for s in specialties if s.strip())
        if not kinds:
            raise ValueError(f"therapist {therapist_id}: expected at least one specialty")
        therapist = Therapist(therapist_id, name or therapist_id, kinds, max_sessions_per_day,
                              max_minutes_per_week, max_deep_per_day)  # fmt: skip
        self._add(self.therapists, therapist_id, therapist, "therapist")
        for shift in shifts:
            self.add_shift(therapist_id, *shift)
        return therapist

    def add_shift(self, therapist_id: str, on: date, start: Clock, end: Clock) -> Shift:
        """Add a working period of a therapist on one day of the horizon (``shifts.csv``)."""
        low, high = self._period((on, start, end))
        if not 0 <= low < self.settings.horizon_minutes:
            raise ValueError(f"shift of {therapist_id} on {on.isoformat()} lies outside the "
                             "horizon")  # fmt: skip
        shift = Shift(therapist_id, low, high)
        self.shifts.append(shift)
        return shift

    def add_room(
        self, room_id: str, name: str | None = None, *, equipment: Iterable[str] = ()
    ) -> Room:
        """Add a treatment room and its equipment (``rooms.csv``)."""
        room = Room(room_id, name or room_id, frozenset(e.strip().lower() for e in equipment))
        return self._add(self.rooms, room_id, room, "room")

    def close_room(self, room_id: str, on: date, start: Clock, end: Clock) -> RoomClosure:
        """Close a room for a period of one day (``room_closures.csv``)."""
        closure = RoomClosure(room_id, *self._period((on, start, end)))
        self.room_closures.append(closure)
        return closure

    def add_treatment(
        self,
        treatment_id: str,
        name: str | None = None,
        *,
        specialty: str,
        duration: int,
        equipment: Iterable[str] = (),
        intensity: Literal["gentle", "deep"] | Intensity = Intensity.GENTLE,
        min_gap_hours: float = 24.0,
        max_gap_hours: float | None = None,
    ) -> Treatment:
        """Add a kind of treatment (``treatments.csv``); ``duration`` in minutes, gaps in hours."""
        if max_gap_hours is not None and max_gap_hours < min_gap_hours:
            raise ValueError(f"treatment {treatment_id}: max gap below the min gap")
        treatment = Treatment(
            treatment_id, name or treatment_id, specialty.strip().lower(), duration,
            frozenset(e.strip().lower() for e in equipment), Intensity(intensity),
            float(min_gap_hours), None if max_gap_hours is None else float(max_gap_hours),
        )  # fmt: skip
        return self._add(self.treatments, treatment_id, treatment, "treatment")

    def add_client(
        self,
        client_id: str,
        name: str | None = None,
        *,
        available: Iterable[Period] = (),
        preferred: Iterable[Period] = (),
        details: Mapping[str, str] | None = None,
    ) -> Client:
        """Add a client (``clients.csv``; name default: the id; ``details``: further columns
        such as phone, never shown to staff) and the periods ``(date, "HH:MM", "HH:MM")`` they
        can come and wish for (``client_availability.csv``; none: whenever the spa is open)."""
        client = Client(client_id, name or client_id, tuple((details or {}).items()))
        self._add(self.clients, client_id, client, "client")
        for period in available:
            self.availability.append(Availability(client_id, *self._period(period)))
        for period in preferred:
            self.availability.append(Availability(client_id, *self._period(period), True))
        return client

    def add_condition(
        self,
        client_id: str,
        condition: str,
        *,
        first: date | None = None,
        last: date | None = None,
        cleared: bool = False,
    ) -> Condition:
        """Add a health condition of a client (``client_conditions.csv``), active from ``first``
        to ``last`` (default: the whole horizon); health data, for the manager's files only."""
        first_day = 0 if first is None else (first - self.settings.start).days
        last_day = self.settings.days - 1 if last is None else (last - self.settings.start).days
        if last_day < first_day:
            raise ValueError(f"a condition of client {client_id} ends before it begins")
        found = Condition(client_id, condition.strip().lower(), first_day, last_day, cleared)
        self.conditions.append(found)
        return found

    def add_contraindication(
        self,
        condition: str,
        treatment_id: str,
        rule: Literal["absolute", "relative", "local"] | Strictness,
    ) -> Contraindication:
        """Add a rule of the spa's own (``contraindications.csv``; ``*``: every treatment).

        The spa's rules replace the shipped ones for the conditions they name."""
        found = Contraindication(condition.strip().lower(), treatment_id, Strictness(rule))
        self.contraindications.append(found)
        return found

    def add_course(
        self,
        course_id: str,
        client_id: str,
        treatment_id: str,
        sessions: int,
        *,
        priority: int = 1,
        earliest: Moment | None = None,
        latest: Moment | None = None,
        min_gap_hours: float | None = None,
        max_gap_hours: float | None = None,
        preferred_therapist: str | None = None,
        needs_assessment: bool = True,
        last_session_end: Moment | None = None,
    ) -> Course:
        """Add a course a client booked (``courses.csv``); date-times as in the file."""
        if sessions < 1:
            raise ValueError(f"course {course_id}: expected at least 1 session, got {sessions}")
        if not 1 <= priority <= 5:
            raise ValueError(f"course {course_id}: expected a priority of 1..5, got {priority}")
        course = Course(
            course_id, client_id, treatment_id, sessions, priority, self.moment(earliest),
            self.moment(latest), min_gap_hours, max_gap_hours, preferred_therapist,
            needs_assessment, self.moment(last_session_end),
        )  # fmt: skip
        return self._add(self.courses, course_id, course, "course")

    def pin(
        self,
        course_id: str,
        session: int,
        therapist_id: str,
        room_id: str,
        start: Moment,
        *,
        booked: Moment | None = None,
    ) -> Pin:
        """Pin a session that is already booked (``pinned.csv``); ``booked``: when the front
        desk booked it (planner's extension)."""
        minute = self.minute(start.date(), start.time()) if isinstance(start, datetime) else (
            parse_datetime(self.settings.start, start))  # fmt: skip
        found = Pin(course_id, session, therapist_id, room_id, minute, self.moment(booked))
        self.pins.append(found)
        return found

    def build(self) -> Scenario:
        """The scenario, with every reference checked and the shipped rules merged in.

        Raises
        ------
        ValueError
            If something refers to an id that was never added.
        """
        self._check_references()
        shipped = shipped_contraindications(self.settings, Problems())
        return Scenario(
            settings=self.settings,
            therapists=tuple(self.therapists.values()),
            shifts=tuple(self.shifts),
            rooms=tuple(self.rooms.values()),
            treatments=tuple(self.treatments.values()),
            clients=tuple(self.clients.values()),
            courses=tuple(self.courses.values()),
            room_closures=tuple(self.room_closures),
            conditions=tuple(self.conditions),
            availability=tuple(self.availability),
            contraindications=merge_contraindications(shipped, self.contraindications),
            pins=tuple(self.pins),
        )

    def _add(self, table: dict[str, T], key: str, item: T, kind: str) -> T:
        if key in table:
            raise ValueError(f"{kind} {key!r} was added twice")
        table[key] = item
        return item

    def _check_references(self) -> None:
        wanted: list[tuple[str, str | None, Mapping[str, object]]] = [
            *((f"shift of {s.therapist_id}", s.therapist_id, self.therapists) for s in self.shifts),
            *((f"closure of {c.room_id}", c.room_id, self.rooms) for c in self.room_closures),
            *((f"condition of {c.client_id}", c.client_id, self.clients) for c in self.conditions),
            *((f"availability of {a.client_id}", a.client_id, self.clients)
              for a in self.availability),
        ]  # fmt: skip
        for c in self.courses.values():
            wanted += [(f"course {c.id}", c.client_id, self.clients),
                       (f"course {c.id}", c.treatment_id, self.treatments),
                       (f"course {c.id}", c.preferred_therapist, self.therapists)]  # fmt: skip
        for p in self.pins:
            what = f"pin of course {p.course_id} session {p.session}"
            wanted += [(what, p.course_id, self.courses), (what, p.therapist_id, self.therapists),
                       (what, p.room_id, self.rooms)]  # fmt: skip
        for what, key, table in wanted:
            if key is not None and key not in table:
                raise ValueError(f"{what}: unknown id {key!r}")
