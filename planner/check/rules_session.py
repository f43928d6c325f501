"""Hard rules about each session on its own: who, where, how long, when (rules 1-5).

Each function reads only the scenario and yields :class:`Violation` objects in plan order.
"""

from __future__ import annotations

from collections.abc import Iterator

from planner.check.under_check import PlanUnderCheck, keys
from planner.check.violation import Violation
from planner.scenario.periods import Intervals
from planner.scenario.timeaxis import MINUTES_PER_DAY, format_clock


def rule_1_skills_and_equipment(plan: PlanUnderCheck) -> Iterator[Violation]:
    """Rule 1: the therapist has the treatment's specialty, the room all its equipment."""
    scenario = plan.scenario
    for s in plan.sessions:
        therapist = scenario.therapist_by_id.get(s.therapist_id)
        room = scenario.room_by_id.get(s.room_id)
        treatment = plan.treatment(s)
        if therapist is None:
            yield Violation(
                1,
                f"{plan.label(s)} is given by therapist {s.therapist_id!r}, "
                "who is not in therapists.csv.",
                keys([s]),
            )
        elif treatment is not None and treatment.specialty not in therapist.specialties:
            yield Violation(
                1,
                f"Therapist {therapist.id} lacks the specialty {treatment.specialty!r} "
                f"that treatment {treatment.id} needs ({plan.described(s)}).",
                keys([s]),
            )
        if room is None:
            yield Violation(
                1,
                f"{plan.label(s)} takes place in room {s.room_id!r}, which is not in rooms.csv.",
                keys([s]),
            )
        elif treatment is not None and not treatment.equipment <= room.equipment:
            missing = ", ".join(sorted(treatment.equipment - room.equipment))
            yield Violation(
                1,
                f"Room {room.id} lacks the equipment {missing} that treatment {treatment.id} "
                f"needs ({plan.described(s)}).",
                keys([s]),
            )


def rule_2_session_length(plan: PlanUnderCheck) -> Iterator[Violation]:
    """Rule 2: a session is the course's treatment and lasts its duration (+ assessment)."""
    scenario = plan.scenario
    for s in plan.sessions:
        course = plan.course(s)
        if course is None:
            continue  # rule 8 reports sessions of unknown courses
        if s.client_id != course.client_id:
            yield Violation(
                2,
                f"{plan.label(s)} names client {s.client_id!r}, but course {course.id} "
                f"is booked by client {course.client_id}.",
                keys([s]),
            )
        if s.treatment_id != course.treatment_id:
            yield Violation(
                2,
                f"{plan.label(s)} names treatment {s.treatment_id!r}, but course {course.id} "
                f"books treatment {course.treatment_id}.",
                keys([s]),
            )
        if not 1 <= s.session <= course.sessions:
            continue  # rule 8 reports the number; its length has no meaning
        expected = scenario.session_length(course, s.session)
        if s.end - s.start != expected:
            duration = scenario.treatment_of(course).duration
            why = (
                f"{duration} of treatment {course.treatment_id} + "
                f"{expected - duration} of assessment"
                if expected != duration
                else f"the duration of treatment {course.treatment_id}"
            )
            yield Violation(
                2,
                f"{plan.described(s)} lasts {s.end - s.start} minutes, "
                f"but must last {expected} minutes ({why}).",
                keys([s]),
            )


def rule_3_shift_opening_closure(plan: PlanUnderCheck) -> Iterator[Violation]:
    """Rule 3: inside one shift of the therapist, the opening hours, outside room closures."""
    scenario = plan.scenario
    shifts = {
        tid: Intervals([(x.start, x.end) for x in rows])
        for tid, rows in scenario.shifts_by_therapist.items()
    }
    closures = {
        rid: (rows, Intervals([(c.start, c.end) for c in rows]))
        for rid, rows in scenario.closures_by_room.items()
    }
    for s in plan.sessions:
        day = plan.day(s)
        if s.end > (day + 1) * MINUTES_PER_DAY:
            yield Violation(3, f"{plan.described(s)} crosses midnight.", keys([s]))
            continue
        if s.therapist_id in scenario.therapist_by_id:
            own = shifts.get(s.therapist_id)
            if own is None or not own.contains(s.start, s.end):
                yield Violation(
                    3,
                    f"{plan.described(s)} does not lie wholly inside one shift "
                    f"of therapist {s.therapist_id}.",
                    keys([s]),
                )
        opening = scenario.settings.opening(day)
        if opening is None:
            yield Violation(
                3, f"{plan.described(s)} is on {plan.date(s)}, when the spa is closed.", keys([s])
            )
        elif not (opening[0] <= s.start and s.end <= opening[1]):
            base = day * MINUTES_PER_DAY
            hours = f"{format_clock(opening[0] - base)} to {format_clock(opening[1] - base)}"
            yield Violation(
                3,
                f"{plan.described(s)} lies outside the opening hours of {plan.date(s)} ({hours}).",
                keys([s]),
            )
        if s.room_id in closures:
            rows, index = closures[s.room_id]
            if index.overlaps(s.start, s.end):
                hit = next(c for c in rows if c.start < s.end and s.start < c.end)
                yield Violation(
                    3,
                    f"{plan.described(s)} overlaps a closure of room {s.room_id} "
                    f"({plan.span(hit.start, hit.end)}).",
                    keys([s]),
                )


def rule_4_client_availability(plan: PlanUnderCheck) -> Iterator[Violation]:
    """Rule 4: a client with availability rows comes only wholly inside one of them."""
    rows = plan.scenario.availability_by_client
    index = {cid: Intervals([(a.start, a.end) for a in own]) for cid, own in rows.items()}
    for s in plan.sessions:
        client_id = plan.client_id(s)
        if client_id in index and not index[client_id].contains(s.start, s.end):
            yield Violation(
                4,
                f"{plan.described(s)} does not lie wholly inside one availability period "
                f"of client {client_id}.",
                keys([s]),
            )


def rule_5_slot_grid(plan: PlanUnderCheck) -> Iterator[Violation]:
    """Rule 5: every start lies on the ``slot_minutes`` grid counted from 00:00."""
    slot = plan.scenario.settings.slot_minutes
    for s in plan.sessions:
        if (s.start % MINUTES_PER_DAY) % slot:
            yield Violation(
                5,
                f"{plan.label(s)} starts at {plan.at(s.start)}, off the {slot}-minute slot grid.",
                keys([s]),
            )
