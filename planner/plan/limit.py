"""How far a plan is from the limit, in the manager's words: "at most N more sessions could have
been booked".

The proven bound ``B`` caps the scheduled value of every plan. A session added to this plan is
one of its unscheduled sessions and adds exactly its course's ``priority``, so the sessions ``S``
that could still be added satisfy ``value + sum(priority over S) <= B``: their priorities fit in
the gap ``B - value``. The most sessions whose priorities fit in the gap are the cheapest ones
first (a knapsack whose items all weigh one session), so counting the unscheduled sessions in
ascending priority until the gap is spent gives a number ``N`` no set of added sessions can
exceed. This is a true statement whatever the priorities; dividing the gap by the largest
priority would not be (many cheap sessions may fit where one dear one does not), and dividing
it by the smallest is true but weaker where the cheapest sessions are few.

``N`` is also the gap counted in the cheapest sessions' worth: another plan may book other
sessions instead of some of these, but its value exceeds this one's by no more than what ``N``
of the unscheduled sessions are worth. A session of priority 0 adds nothing, so every one of
them could be added whatever the gap; they are counted as such.

Without the courses' priorities (a result made elsewhere), each session is taken to add at least
1, the least priority the contract allows (section 4 of docs/SCENARIO_FORMAT.md).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Limit:
    """How far a plan's value is from its proven bound, in sessions.

    Parameters
    ----------
    bound
        The proven upper bound on the scheduled value (None: none proven).
    value
        The plan's scheduled value.
    proven_optimal
        The value is proven the best any plan can reach (``value >= bound``).
    at_most_more_sessions
        No more than this many sessions can be added to the plan (None without a bound).
    text
        The sentence a manager reads.
    """

    bound: int | None
    value: int
    proven_optimal: bool
    at_most_more_sessions: int | None
    text: str

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form (``limit`` in ``summary.json``)."""
        return {
            "bound": self.bound,
            "value": self.value,
            "proven_optimal": self.proven_optimal,
            "at_most_more_sessions": self.at_most_more_sessions,
            "text": self.text,
        }


def sessions_in_gap(gap: int, priorities: Iterable[int]) -> int:
    """The most sessions of ``priorities`` (one entry per unscheduled session) whose priorities
    add up to no more than ``gap``: the cheapest first (see the module).

    Parameters
    ----------
    gap
        Bound less value, at least 0.
    priorities
        The priority of each session that could be added.

    Returns
    -------
    int
        An upper bound on how many of them any addition to the plan can hold.
    """
    count = 0
    left = gap
    for priority in sorted(priorities):
        # A priority below 0 is not allowed by the contract; it is counted as 0, which only
        # makes the number larger, never false.
        cost = max(0, priority)
        if cost > left:
            break
        left -= cost
        count += 1
    return count


def plan_limit(
    value: int,
    bound: int | None,
    unscheduled_priorities: Iterable[int] | None,
    unscheduled: int,
    optimal: bool = False,
) -> Limit:
    """The limit of a plan of ``value`` against the proven ``bound``.

    Parameters
    ----------
    value
        The plan's scheduled value.
    bound
        The proven upper bound on the scheduled value, or None.
    unscheduled_priorities
        The priority of each unscheduled session (None: not known; each is taken to add 1).
    unscheduled
        How many sessions are unscheduled.
    optimal
        The status is ``optimal`` (the penalty was proven best too).

    Returns
    -------
    Limit
        The bound, the value, whether the value is proven best, the number of sessions, and
        the sentence.
    """
    if bound is None:
        text = "no bound was proven: how many more sessions could be booked is not known"
        return Limit(None, value, False, None, text)
    gap = max(0, bound - value)
    priorities = [1] * unscheduled if unscheduled_priorities is None else unscheduled_priorities
    more = sessions_in_gap(gap, priorities)
    proven = value >= bound
    if more == 0:
        if proven:
            why = "this plan is optimal" if optimal else "no plan reaches a higher value"
        elif unscheduled == 0:
            why = "every session is booked"
        else:
            why = "each unscheduled session is worth more than the value left under the bound"
        text = f"no more sessions can be booked: {why}"
    else:
        noun = "session" if more == 1 else "sessions"
        text = f"at most {more} more {noun} could have been booked (value at most {gap} higher)"
    return Limit(bound, value, proven, more, text)


__all__ = ["Limit", "plan_limit", "sessions_in_gap"]
