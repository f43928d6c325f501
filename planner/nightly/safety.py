"""The safety stop of unattended runs: a re-plan that would change too much publishes nothing.

A bad file (``courses.csv`` cut to its header line, a shift file of another week) looks to the
solver like a scenario that changed, and the re-plan would empty every calendar. Compared with
the published plan of this horizon (none: nothing to compare), the nightly stops

- before solving, when the scenario lost more than the allowed share of its courses,
  therapists or shift minutes since the run that last published for these days (runs archived
  before those counts were kept are not compared), and
- after solving, when more than that share of the published sessions that start after the
  freeze window would move (start, therapist or room changed) or be dropped.
"""

from __future__ import annotations

from collections.abc import Sequence

from planner import exitcodes
from planner.archive import RunInfo, scenario_counts
from planner.nightly.failure import NightlyFailure
from planner.plan.types import PlannedSession
from planner.scenario.types import Scenario

DEFAULT_MAX_CHANGE = 0.2
_ANYWAY = "nothing published, the previous plan stays; --accept-change publishes anyway"
_WHAT = {"courses": "courses", "therapists": "therapists", "shift_minutes": "shift minutes"}


def _share(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f} %"


def scenario_loss(previous: RunInfo | None, scenario: Scenario, max_change: float) -> str | None:
    """Why the scenario lost too much since ``previous`` (one line), or None.

    ``previous`` is the run that last published for this horizon; its ``settings`` keep the
    counts of its scenario (:func:`planner.archive.scenario_counts`).
    """
    if previous is None:
        return None
    before = previous.settings.get("counts")
    if not isinstance(before, dict):
        return None
    now = scenario_counts(scenario)
    for key, what in _WHAT.items():
        old = before.get(key)
        if not isinstance(old, int) or old <= 0:
            continue
        lost = old - now[key]
        if lost / old > max_change:
            return (
                f"safety stop: the scenario has {now[key]} {what}, run {previous.id} had {old} "
                f"(lost {_share(lost, old)} > {_share(round(max_change * 1000), 1000)}); {_ANYWAY}"
            )
    return None


def _changed(before: PlannedSession, after: PlannedSession | None) -> bool:
    if after is None:
        return True
    where = (before.start, before.therapist_id, before.room_id)
    return where != (after.start, after.therapist_id, after.room_id)


def plan_change(
    published: Sequence[PlannedSession],
    new: Sequence[PlannedSession],
    until: int,
    max_change: float,
) -> str | None:
    """Why the new plan changes too much of the published one (one line), or None.

    Parameters
    ----------
    published
        The published sessions of this horizon, on its time axis.
    new
        The new plan's sessions.
    until
        The end of the freeze window (axis minutes): published sessions starting from then on
        are compared.
    max_change
        The share (0..1) of them that may move or be dropped.
    """
    after = {(s.course_id, s.session): s for s in new}
    compared = [s for s in published if s.start >= until]
    changed = sum(_changed(s, after.get((s.course_id, s.session))) for s in compared)
    if not compared or changed / len(compared) <= max_change:
        return None
    return (
        f"safety stop: {changed} of {len(compared)} published session(s) after the freeze "
        f"window would be dropped or moved ({_share(changed, len(compared))} > "
        f"{_share(round(max_change * 1000), 1000)}); {_ANYWAY}"
    )


def stopped(reason: str) -> NightlyFailure:
    """The failure of a run the safety stop ended (exit code 7)."""
    return NightlyFailure(exitcodes.CHANGE_STOPPED, reason)
