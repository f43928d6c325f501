"""Domain checks on a :class:`~planner.scenario.types.Scenario`, wherever it came from.

A scenario read from a folder, built in Python or changed by a what-if variant is checked by the
same rules: references between entities, a course's gaps once its treatment's defaults apply,
pinned session numbers, treatments nobody can give, therapists without a shift, a week without a
course. Each problem is keyed by the contract's file it belongs to and by its subject's ids
(course ``co7``; a pin by course and session) and its position in the scenario, never by a CSV
row: the CSV loader (:mod:`planner.scenario.load`) knows which row each object came from and adds
it, so that its messages name file, row, subject and column.

Whether pinned sessions keep the hard rules is the checker's question
(:func:`planner.check.check_pins_against_rules`): this package sits below it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace

from planner.scenario.errors import DomainProblem, Severity, again_message, subject_key
from planner.scenario.hints import did_you_mean
from planner.scenario.object_checks import check_objects
from planner.scenario.types import Contraindication, Course, Scenario

# The contract's files, by the Scenario field that holds their objects.
FILES: dict[str, str] = {
    "therapists.csv": "therapists",
    "shifts.csv": "shifts",
    "rooms.csv": "rooms",
    "room_closures.csv": "room_closures",
    "treatments.csv": "treatments",
    "clients.csv": "clients",
    "client_conditions.csv": "conditions",
    "client_availability.csv": "availability",
    "contraindications.csv": "contraindications",
    "courses.csv": "courses",
    "pinned.csv": "pins",
}

# The files whose objects have ids of their own, and the column that holds them.
ID_COLUMNS = {
    "therapists.csv": "therapist_id",
    "rooms.csv": "room_id",
    "treatments.csv": "treatment_id",
    "clients.csv": "client_id",
    "courses.csv": "course_id",
}

# Hard references: (file, column) must name an id of the target file (an object's ``id``).
HARD_REFERENCES: tuple[tuple[str, str, str], ...] = (
    ("shifts.csv", "therapist_id", "therapists.csv"),
    ("room_closures.csv", "room_id", "rooms.csv"),
    ("client_conditions.csv", "client_id", "clients.csv"),
    ("client_availability.csv", "client_id", "clients.csv"),
    ("courses.csv", "client_id", "clients.csv"),
    ("courses.csv", "treatment_id", "treatments.csv"),
    ("pinned.csv", "course_id", "courses.csv"),
    ("pinned.csv", "therapist_id", "therapists.csv"),
    ("pinned.csv", "room_id", "rooms.csv"),
)


@dataclass(frozen=True)
class Known:
    """What the files said beyond the scenario's objects, for the CSV layer.

    ``ids``: by target file, every id it names (also in rows left out for other errors, so that
    a problem is told once), None for a file that could not be read (references into it are
    not checked). ``empty``: files without any row. ``quiet_rules``: rules whose unknown
    treatment does not warn (the shipped defaults name treatments of every spa).
    """

    ids: Mapping[str, frozenset[str] | None]
    empty: frozenset[str] = frozenset()
    quiet_rules: frozenset[Contraindication] = field(default_factory=frozenset)

    @classmethod
    def of(cls, scenario: Scenario, quiet_rules: Iterable[Contraindication] = ()) -> Known:
        """Everything readable: the ids are the scenario's own."""
        ids: dict[str, frozenset[str] | None] = {
            file: frozenset(item.id for item in getattr(scenario, FILES[file]))
            for file in ID_COLUMNS
        }
        empty = frozenset(file for file, name in FILES.items() if not getattr(scenario, name))
        return cls(ids, empty, frozenset(quiet_rules))

    def readable(self, file: str) -> bool:
        """False for a file whose structure could not be read."""
        return self.ids.get(file, frozenset()) is not None


def unknown_id(value: str, known: Iterable[str], target: str) -> str:
    """The message for a hard reference to an id ``target`` does not hold."""
    return f"unknown id {value!r}{did_you_mean(value, known)}; expected an id from {target}"


def check_references(scenario: Scenario, known: Known) -> Iterator[DomainProblem]:
    """Hard references must exist (errors), in :data:`HARD_REFERENCES` order."""
    for file, column, target in HARD_REFERENCES:
        ids = known.ids.get(target)
        if ids is None:
            continue
        for index, item in enumerate(getattr(scenario, FILES[file])):
            value = getattr(item, column)
            if value and value not in ids:
                key = subject_key(item)
                yield DomainProblem(file, index, key, column, unknown_id(value, ids, target))


def check_soft_references(scenario: Scenario, known: Known) -> Iterator[DomainProblem]:
    """Unknown soft references warn: the preference is dropped, the rule kept (harmless)."""
    therapists = known.ids.get("therapists.csv")
    for index, course in enumerate(scenario.courses):
        wanted = course.preferred_therapist
        if wanted is not None and therapists is not None and wanted not in therapists:
            yield DomainProblem(
                "courses.csv", index, (course.id,), "preferred_therapist",
                f"unknown therapist {wanted!r}{did_you_mean(wanted, therapists)}; the "
                "preference is ignored",
                Severity.WARNING,
            )  # fmt: skip
    treatments = known.ids.get("treatments.csv")
    for index, rule in enumerate(scenario.contraindications):
        wanted = rule.treatment_id
        if wanted == "*" or treatments is None or wanted in treatments:
            continue
        if rule not in known.quiet_rules:
            yield DomainProblem(
                "contraindications.csv", index, (), "treatment_id",
                f"unknown treatment {wanted!r}{did_you_mean(wanted, treatments)}; "
                "the rule has no effect in this scenario",
                Severity.WARNING,
            )  # fmt: skip


def without_unknown_preferences(scenario: Scenario, known: Known | None = None) -> Scenario:
    """``scenario`` with each preferred therapist it does not know dropped (it only warns)."""
    therapists = (known or Known.of(scenario)).ids.get("therapists.csv")
    if therapists is None:
        return scenario

    def fixed(course: Course) -> Course:
        wanted = course.preferred_therapist
        if wanted is None or wanted in therapists:
            return course
        return replace(course, preferred_therapist=None)

    return replace(scenario, courses=tuple(fixed(course) for course in scenario.courses))


def check_courses(scenario: Scenario) -> Iterator[DomainProblem]:
    """A course's effective max gap (after the treatment's defaults) may not be below its min."""
    treatments = scenario.treatment_by_id
    for index, course in enumerate(scenario.courses):
        treatment = treatments.get(course.treatment_id)
        if treatment is None:
            continue
        low = treatment.min_gap_hours if course.min_gap_hours is None else course.min_gap_hours
        high = treatment.max_gap_hours if course.max_gap_hours is None else course.max_gap_hours
        if high is not None and high < low:
            column = "max_gap_hours" if course.max_gap_hours is not None else "min_gap_hours"
            yield DomainProblem(
                "courses.csv", index, (course.id,), column,
                f"the max gap ({high:g} h) is below the min gap ({low:g} h) once the "
                f"treatment's defaults apply; expected max_gap_hours >= min_gap_hours",
            )  # fmt: skip


def check_pins(scenario: Scenario, broken_courses: Iterable[str] = ()) -> Iterator[DomainProblem]:
    """A pin's session number lies in 1..sessions of its course (courses with errors of their
    own, ``broken_courses``, are not asked), and each (course, session) is pinned once."""
    broken = set(broken_courses)
    courses = {c.id: c for c in scenario.courses if c.id not in broken}
    seen: dict[tuple[str | int, ...], int] = {}
    for index, pin in enumerate(scenario.pins):
        course = courses.get(pin.course_id)
        key = subject_key(pin)
        if course is not None and not 1 <= pin.session <= course.sessions:
            yield DomainProblem(
                "pinned.csv", index, key, "session",
                f"expected a session number from 1 to {course.sessions} "
                f"(course {pin.course_id!r} has {course.sessions}), got {pin.session}",
            )  # fmt: skip
        elif key in seen:
            first = seen[key]
            message = again_message("pinned.csv", key, f"position {first + 1}")
            yield DomainProblem("pinned.csv", index, key, "session", message, first=first)
        else:
            seen[key] = index


def warn_unusable_treatments(scenario: Scenario, known: Known) -> Iterator[DomainProblem]:
    """Treatments no therapist can give or no room can hold: their courses can't be planned."""
    check_staff = known.readable("therapists.csv")
    check_rooms = known.readable("rooms.csv")
    skills: set[str] = set().union(*(t.specialties for t in scenario.therapists))
    for index, treatment in enumerate(scenario.treatments):
        key = (treatment.id,)
        if check_staff and treatment.specialty not in skills:
            yield DomainProblem(
                "treatments.csv", index, key, "specialty",
                f"no therapist has the specialty {treatment.specialty!r}; "
                "courses of this treatment can't be planned",
                Severity.WARNING,
            )  # fmt: skip
        if check_rooms and not any(treatment.equipment <= r.equipment for r in scenario.rooms):
            missing = ";".join(sorted(treatment.equipment))
            yield DomainProblem(
                "treatments.csv", index, key, "equipment",
                f"no room has all of {missing!r}; courses of this treatment can't be planned",
                Severity.WARNING,
            )  # fmt: skip


def warn_idle(scenario: Scenario, known: Known) -> Iterator[DomainProblem]:
    """A therapist with no shift in the horizon can't be booked; a scenario without a course
    plans nothing. Both load (a week off, a new spa), but are rarely what is meant."""
    if known.readable("courses.csv") and "courses.csv" in known.empty:
        message = "courses.csv has no course: the plan will be empty"
        yield DomainProblem("courses.csv", None, (), None, message, Severity.WARNING)
    if not (known.readable("therapists.csv") and known.readable("shifts.csv")):
        return
    working = {shift.therapist_id for shift in scenario.shifts}
    idle = [(i, t) for i, t in enumerate(scenario.therapists) if t.id not in working]
    if idle and not working:
        # One line, not one per therapist: usually all shifts lie outside the horizon.
        message = "no therapist has a shift in the horizon: nothing can be booked"
        yield DomainProblem("shifts.csv", None, (), None, message, Severity.WARNING)
        return
    for index, therapist in idle:
        yield DomainProblem(
            "therapists.csv", index, (therapist.id,), "therapist_id",
            f"therapist {therapist.id} has no shift in the horizon: they can't be booked",
            Severity.WARNING,
        )  # fmt: skip


def check_duplicates(scenario: Scenario) -> Iterator[DomainProblem]:
    """Ids unique within their file (the CSV loader finds these in the rows themselves)."""
    for file, column in ID_COLUMNS.items():
        seen: dict[str, int] = {}
        for index, item in enumerate(getattr(scenario, FILES[file])):
            if item.id in seen:
                first = seen[item.id]
                message = again_message(file, (item.id,), f"position {first + 1}")
                yield DomainProblem(file, index, (item.id,), column, message, first=first)
            else:
                seen[item.id] = index


def check_scenario(
    scenario: Scenario, quiet_rules: Iterable[Contraindication] = ()
) -> list[DomainProblem]:
    """Every problem of ``scenario`` that its objects show, errors and warnings.

    Parameters
    ----------
    scenario
        A scenario built in Python, changed with :func:`dataclasses.replace` or loaded.
    quiet_rules
        Contraindication rules whose unknown treatment should not warn (the shipped defaults
        name treatments of every spa, not of this one).

    Returns
    -------
    list[DomainProblem]
        Each problem keyed by file, subject and position; in the order: values of single
        objects, duplicate ids, references, soft references, courses, pins, treatments no one
        can give, idle therapists.

    Notes
    -----
    Whether the pinned sessions keep the hard rules is asked by
    :func:`planner.check.check_pins_against_rules`, which sits above this package.
    """
    known = Known.of(scenario, quiet_rules)
    found = [*check_objects(scenario), *check_duplicates(scenario)]
    found += check_references(scenario, known)
    found += check_soft_references(scenario, known)
    courses = list(check_courses(scenario))
    found += courses
    found += check_pins(scenario, {str(p.key[0]) for p in courses})
    found += warn_unusable_treatments(scenario, known)
    found += warn_idle(scenario, known)
    return found
