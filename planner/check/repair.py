"""The last line of defence: take out of a plan every session that breaks a hard rule.

A solver's plan that breaks a rule is a solver bug. It is never published as it is: the
offending sessions (never a pinned one) and the later sessions of their courses are unscheduled,
each with a manager's sentence, until the independent checker finds nothing. Callers report such
a run loudly and exit with a code of its own.
"""

from __future__ import annotations

from collections.abc import Sequence

from planner.check.rules import check_sessions
from planner.check.violation import Violation
from planner.plan.types import PlannedSession, Repair
from planner.scenario.types import Scenario

SessionKey = tuple[str, int]

_RULE_WORDS = {
    1: "specialty or equipment",
    2: "session length",
    3: "shift, opening hours or room closure",
    4: "client availability",
    5: "slot grid",
    6: "therapist or room overlap",
    7: "client overlap or sessions per day",
    8: "session order or recovery gap",
    9: "contraindication",
    10: "therapist limits",
    11: "course window",
    12: "pinned session",
}


def _culprits(
    violation: Violation, pinned: set[SessionKey], value: dict[SessionKey, tuple[int, int]]
) -> list[SessionKey]:
    """Sessions to take out for one violation: for a clash between sessions, the least
    valuable free one (later start on ties); for a gap, the later session; otherwise every
    free session it names."""
    free = [key for key in violation.sessions if key not in pinned and key in value]
    if len(free) < 2 or len(free) != len(violation.sessions):
        return free
    if violation.rule in (6, 7):
        return [min(free, key=lambda k: value[k])]
    if violation.rule == 8:
        # Two sessions of one course too close or too far apart: the later one goes (taking
        # the earlier one out would take the later one with it).
        return [max(free, key=lambda k: k[1])]
    return free


def repair_plan(
    scenario: Scenario, sessions: Sequence[PlannedSession]
) -> tuple[list[PlannedSession], list[Repair]]:
    """``sessions`` less whatever breaks a hard rule, and one :class:`Repair` per session taken out.

    Pinned sessions are never taken out: pins are validated when the scenario is loaded.

    Parameters
    ----------
    scenario
        The scenario the plan is for.
    sessions
        A solver's plan.

    Returns
    -------
    tuple[list[PlannedSession], list[Repair]]
        The plan that keeps every hard rule, and why each session was taken out (those after
        it in its course go too, with no rule of their own). The plan unchanged and no
        repairs when it is valid (the normal case).
    """
    pinned = {(p.course_id, p.session) for p in scenario.pins}
    kept = {(s.course_id, s.session): s for s in sessions}
    broken: dict[SessionKey, set[int]] = {}
    while True:
        violations = check_sessions(scenario, list(kept.values()))
        # Among sessions that clash, the least valuable goes first (the later one on ties).
        value = {
            key: (scenario.course_by_id[key[0]].priority if key[0] in scenario.course_by_id else 0,
                  -s.start)
            for key, s in kept.items()
        }  # fmt: skip
        out = {key for v in violations for key in _culprits(v, pinned, value)}
        if not out:
            break
        for v in violations:
            for key in _culprits(v, pinned, value):
                broken.setdefault(key, set()).add(v.rule)
        for course_id, number in out:
            for key in [k for k in kept if k[0] == course_id and k[1] >= number]:
                if key not in pinned:
                    del kept[key]
    repairs = []
    original = {(s.course_id, s.session) for s in sessions}
    for course_id, number in sorted(original - set(kept)):
        rules = tuple(sorted(broken.get((course_id, number), ())))
        if rules:
            words = "; ".join(f"hard rule {r} ({_RULE_WORDS[r]})" for r in rules)
            reason = (
                f"Left out by the final check: the solver's plan broke {words} here. "
                "This is a solver defect; please report it."
            )
        else:
            reason = (
                "Left out by the final check together with an earlier session of this course "
                "that broke a hard rule in the solver's plan."
            )
        repairs.append(Repair(course_id, number, rules, reason))
    return list(kept.values()), repairs
