"""Hard rules about the sessions of one course: numbering, gaps, window, pins (rules 8, 11, 12)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from itertools import pairwise

from planner.check.under_check import PlanUnderCheck, duration_text, keys
from planner.check.violation import Violation
from planner.plan.types import PlannedSession
from planner.scenario.errors import pin_rows
from planner.scenario.types import Course


def _by_course(plan: PlanUnderCheck) -> dict[str, list[PlannedSession]]:
    out: dict[str, list[PlannedSession]] = defaultdict(list)
    for s in plan.sessions:
        out[s.course_id].append(s)
    return out


def _identity(
    plan: PlanUnderCheck, course: Course | None, own: list[PlannedSession]
) -> Iterator[Violation]:
    """Sessions of unknown courses, numbers out of range, a number booked twice."""
    if course is None:
        for s in own:
            yield Violation(8, f"{plan.label(s)} belongs to no course in courses.csv.", keys([s]))
        return
    seen: dict[int, list[PlannedSession]] = defaultdict(list)
    for s in own:
        seen[s.session].append(s)
        if not 1 <= s.session <= course.sessions:
            yield Violation(
                8,
                f"{plan.described(s)} is numbered outside 1..{course.sessions}, "
                f"the sessions course {course.id} books.",
                keys([s]),
            )
    for number, twins in sorted(seen.items()):
        if len(twins) > 1:
            yield Violation(
                8,
                f"Session {number} of course {course.id} appears {len(twins)} times in the plan.",
                keys(twins),
            )


def _gap(
    plan: PlanUnderCheck,
    course: Course,
    first: str | None,
    end: int,
    later: PlannedSession,
    earlier: PlannedSession | None = None,
) -> Iterator[Violation]:
    """Min/max gap from ``end`` (described by ``first``; None: ``earlier`` described, only
    when the gap is wrong, which keeps checking a month of sessions fast) to ``later``."""
    low, high = plan.scenario.gap_minutes(course)
    gap = later.start - end
    if gap < low or (high is not None and gap > high):
        if first is None:
            assert earlier is not None
            first = plan.described(earlier)
        if gap < low:
            bound = f"at least {duration_text(low)}"
        else:
            bound = f"at most {duration_text(high or 0)}"
        yield Violation(
            8,
            f"Between {first} and {plan.described(later)} lie {duration_text(gap)}; "
            f"course {course.id} needs {bound}.",
            keys([later] if earlier is None else [earlier, later]),
        )


def rule_8_numbering_and_gaps(plan: PlanUnderCheck) -> Iterator[Violation]:
    """Rule 8: numbered 1..k in time order (a prefix), with the course's min/max gaps."""
    for course_id, own in _by_course(plan).items():
        course = plan.scenario.course_by_id.get(course_id)
        yield from _identity(plan, course, own)
        if course is None:
            continue
        numbered: dict[int, PlannedSession] = {}
        for s in own:
            if 1 <= s.session <= course.sessions:
                numbered.setdefault(s.session, s)
        present = sorted(numbered)
        if not plan.partial and present and present[-1] != len(present):
            missing = ", ".join(str(n) for n in range(1, present[-1]) if n not in numbered)
            yield Violation(
                8,
                f"Course {course.id} has session {present[-1]} but not session(s) {missing}: "
                "only a prefix 1..k of a course's sessions may be scheduled.",
                keys(numbered[n] for n in present),
            )
        if 1 in numbered and course.last_session_end is not None:
            yield from _gap(
                plan,
                course,
                f"the course's last session before the horizon (ended "
                f"{plan.at(course.last_session_end)})",
                course.last_session_end,
                numbered[1],
            )
        for before, after in pairwise(present):
            earlier, later = numbered[before], numbered[after]
            if later.start <= earlier.start:
                yield Violation(
                    8,
                    f"{plan.described(later)} starts no later than {plan.described(earlier)}: "
                    "sessions are numbered in time order.",
                    keys([earlier, later]),
                )
            elif after == before + 1:
                yield from _gap(plan, course, None, earlier.end, later, earlier)


def rule_11_course_window(plan: PlanUnderCheck) -> Iterator[Violation]:
    """Rule 11: within the horizon, starting at/after ``earliest``, ending by ``latest``."""
    horizon = plan.scenario.settings.horizon_minutes
    for s in plan.sessions:
        if s.start < 0 or s.end > horizon:
            yield Violation(
                11,
                f"{plan.described(s)} does not lie wholly inside the planning horizon "
                f"({plan.span(0, horizon)}).",
                keys([s]),
            )
        course = plan.course(s)
        if course is None:
            continue
        if course.earliest is not None and s.start < course.earliest:
            yield Violation(
                11,
                f"{plan.described(s)} starts before {plan.at(course.earliest)}, "
                f"the earliest start of course {course.id}.",
                keys([s]),
            )
        if course.latest is not None and s.end > course.latest:
            yield Violation(
                11,
                f"{plan.described(s)} ends after {plan.at(course.latest)}, "
                f"the latest end of course {course.id}.",
                keys([s]),
            )


def rule_12_pins(plan: PlanUnderCheck) -> Iterator[Violation]:
    """Rule 12: every pinned session is in the plan with its therapist, room and start.

    A partial plan (``plan.partial``) need not hold every pin, but those it holds must match.
    """
    planned: dict[tuple[str, int], list[PlannedSession]] = defaultdict(list)
    for s in plan.sessions:
        planned[(s.course_id, s.session)].append(s)
    rows = pin_rows(plan.scenario.pins)
    for pin in sorted(plan.scenario.pins, key=lambda p: (p.start, p.course_id, p.session)):
        pinned = f"therapist {pin.therapist_id}, room {pin.room_id}, start {plan.at(pin.start)}"
        where = f" (pinned.csv row {rows[(pin.course_id, pin.session)]})"
        found = planned.get((pin.course_id, pin.session), [])
        if any(
            (s.therapist_id, s.room_id, s.start) == (pin.therapist_id, pin.room_id, pin.start)
            for s in found
        ):
            continue
        if not found:
            if not plan.partial:
                yield Violation(
                    12,
                    f"Pinned {pin.course_id} session {pin.session} ({pinned}){where} "
                    "is missing from the plan.",
                    ((pin.course_id, pin.session),),
                )
            continue
        s = found[0]
        yield Violation(
            12,
            f"{plan.label(s)} is pinned to {pinned}{where}, but the plan has therapist "
            f"{s.therapist_id}, room {s.room_id}, start {plan.at(s.start)}.",
            keys([s]),
        )
