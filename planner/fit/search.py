"""The K best bookings of one whole course against a plan that stays as it is.

A depth-first branch and bound over the course's sessions in order. Every choice comes from the
model's pruning (:class:`~planner.model.CandidateBuilder`: specialty, equipment,
shifts, opening hours, closures, availability, contraindications, grid, window) and is tried
against everything booked (:class:`~planner.model.BookingState`: overlaps, turnover,
daily and weekly limits, the client's other sessions), so every booking found keeps the hard
rules; the caller still checks it.

Bookings are ranked by the contract's score: sessions booked, then the penalty the course adds
(continuity, preferred therapist, preferred time), then the earliest starts. Two bookings count
as different options only if the day or the therapist of at least one session differs; of each
such "signature" only the best booking is kept, so the list never shows one booking shifted by a
slot. A branch whose penalty and starts so far can't beat the K-th option is cut.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from planner.fit.reach import OpenDays, Reach
from planner.model import BookingState, SessionSpec
from planner.scenario.timeaxis import day_index
from planner.scenario.types import Scenario

# Placements a search may try before it stops with what it has: far above what a week's spa
# needs (a few thousand), so only a pathological request hits it.
STEP_BUDGET = 200_000
# Placements a search of complete bookings tries before it bounds how far each branch can go
# (:class:`Reach`): most requests are answered sooner, and the bound costs a pass over every
# choice of the course, so only a search that runs long pays for it.
REACH_AFTER = 2_000
NEVER = -1


@dataclass(frozen=True)
class Placement:
    """Where one session of the new course goes (axis minutes)."""

    session: int
    therapist_id: str
    room_id: str
    start: int
    end: int


@dataclass(frozen=True)
class Option:
    """One booking of the course: a complete one, or the longest prefix that fits."""

    placements: tuple[Placement, ...]
    penalty: int
    complete: bool

    def key(self) -> tuple[int, int, tuple[int, ...]]:
        """Sort key, smaller is better: more sessions, less penalty, earlier starts."""
        return (-len(self.placements), self.penalty, tuple(p.start for p in self.placements))

    def signature(self) -> tuple[tuple[str, int], ...]:
        """(therapist, day) of each session: what makes two options different."""
        return tuple((p.therapist_id, day_index(p.start)) for p in self.placements)


def latest_starts(specs: Sequence[SessionSpec], min_gap: int) -> list[int]:
    """For each session, the latest start from which the later sessions can still follow at
    the shortest gap, judged on the pruned starts alone (:data:`NEVER` if none can)."""
    out = [NEVER] * len(specs)
    bound: int | None = None
    for k in range(len(specs) - 1, -1, -1):
        starts = specs[k].starts()
        if bound is not None:
            # s + length + min_gap <= bound
            starts = starts[: bisect_right(starts, bound - specs[k].length - min_gap)]
        if not starts:
            return [NEVER] * len(specs)
        out[k] = bound = starts[-1]
    return out


@dataclass
class _Cost:
    """The contract's weights as the course's sessions incur them."""

    continuity: int
    preferred_therapist: int
    preferred_time: int
    wanted: str | None

    def of(self, spec: SessionSpec, therapist_id: str, start: int, used: frozenset[str]) -> int:
        cost = 0
        if used and therapist_id not in used:
            cost += self.continuity
        if self.wanted is not None and therapist_id != self.wanted:
            cost += self.preferred_therapist
        if spec.preferred_starts is not None and start not in spec.preferred_starts:
            cost += self.preferred_time
        return cost


class CourseSearch:
    """Finds the ``top`` best options of one course (see the module)."""

    def __init__(
        self,
        scenario: Scenario,
        state: BookingState,
        specs: Sequence[SessionSpec],
        top: int,
        budget: int = STEP_BUDGET,
        reach_after: int | None = REACH_AFTER,
    ) -> None:
        self.scenario = scenario
        self.state = state
        self.specs = list(specs)
        self.top = max(1, top)
        self.budget = budget
        self.steps = 0
        course = specs[0].course
        self.min_gap, self.max_gap = scenario.gap_minutes(course)
        weights = scenario.settings.weights
        wanted = course.preferred_therapist
        self.cost = _Cost(
            weights.continuity,
            weights.preferred_therapist,
            weights.preferred_time,
            wanted if wanted in scenario.therapist_by_id else None,
        )
        self.best: dict[tuple[tuple[str, int], ...], Option] = {}
        self.ranked: list[Option] = []
        self.complete_only = True
        self.latest: list[int] = []
        # Complete bookings found and branches cut so far; dead ends of the complete search.
        self.found = 0
        self.cuts = 0
        self.dead: set[tuple[object, ...]] = set()
        # How far the course can still go (the search of the longest prefixes only).
        self.reach: Reach | None = None
        self.run_steps = 0  # steps when the current run began
        # Steps before a complete search bounds its branches; None: no bound in either search
        # (the same answers, found slower: for tests of the bound).
        self.reach_after = reach_after
        self.open_days: OpenDays | None = None

    @property
    def exhausted(self) -> bool:
        """True if the step budget ended the search before it had looked at everything."""
        return self.steps >= self.budget

    def run(self, complete_only: bool) -> list[Option]:
        """The best options, best first: complete bookings only, or the longest prefixes (the
        longest ones all; shorter ones only as far as the search met them before it knew a
        longer one: they are never offered)."""
        self.complete_only = complete_only
        self.best, self.ranked = {}, []
        big = self.scenario.settings.horizon_minutes
        self.latest = (
            latest_starts(self.specs, self.min_gap) if complete_only else [big] * len(self.specs)
        )
        self.open_days = OpenDays(self.state, self.specs)
        bounded = not complete_only and self.reach_after is not None
        self.reach = Reach(self.state, self.specs, self.min_gap) if bounded else None
        self.run_steps = self.steps
        if not complete_only or self.latest[0] != NEVER:
            self._search([], frozenset(), 0)
        return list(self.ranked)

    def _record(self, path: list[Placement], penalty: int) -> None:
        option = Option(tuple(path), penalty, len(path) == len(self.specs))
        signature = option.signature()
        found = self.best.get(signature)
        if found is not None and found.key() <= option.key():
            return
        self.best[signature] = option
        self.ranked = sorted(self.best.values(), key=Option.key)[: self.top]
        self.best = {o.signature(): o for o in self.ranked}

    def _cannot_win(self, penalty: int, path: list[Placement]) -> bool:
        """True if no completion of ``path`` can enter the top list (complete mode only)."""
        if not self.complete_only or len(self.ranked) < self.top:
            return False
        worst = self.ranked[-1]
        prefix = tuple(p.start for p in path)
        return (penalty, prefix) > (
            worst.penalty,
            tuple(p.start for p in worst.placements)[: len(path)],
        )

    def _may_reach(self, penalty: int, path: list[Placement]) -> bool:
        """False if no booking that goes on from ``path`` (its last placement not booked yet)
        can be listed (see :class:`Reach`): a complete one must reach the last session; only
        the longest prefixes are offered, so a branch that can't reach their length is of no
        use, and one that can only just reach it must beat the worst listed."""
        if self.complete_only:
            if self.reach_after is None or self.steps - self.run_steps < self.reach_after:
                return True
            reach = self._reach(path[:-1])
            return len(path) + reach.count(len(path), path[-1].start, path[-1].end) == len(
                self.specs
            )
        if self.reach is None or not self.ranked:
            return True
        longest = len(self.ranked[0].placements)
        bound = len(path) + self.reach.count(len(path), path[-1].start, path[-1].end)
        if bound != longest:
            return bound > longest
        worst = self.ranked[-1]
        if len(self.ranked) < self.top or len(worst.placements) < longest:
            return True
        prefix = tuple(p.start for p in path)
        return (penalty, prefix) <= (
            worst.penalty,
            tuple(p.start for p in worst.placements)[: len(path)],
        )

    def _reach(self, booked: Sequence[Placement]) -> Reach:
        """The bound of the plan as it stood when the run began, built on first use: the
        sessions ``booked`` on the way there are taken out meanwhile."""
        if self.reach is None:
            specs = self.specs[: len(booked)]
            for spec in reversed(specs):
                self.state.release(spec.key)
            try:
                self.reach = Reach(self.state, self.specs, self.min_gap)
            finally:
                for spec, p in zip(specs, booked, strict=True):
                    self.state.book(spec, p.therapist_id, p.room_id, p.start)
        return self.reach

    def _search(self, path: list[Placement], used: frozenset[str], penalty: int) -> None:
        k = len(path)
        if k == len(self.specs):
            self.found += 1
            self._record(path, penalty)
            return
        memo = self._memo_key(path)
        if memo is not None and memo in self.dead:
            return
        seen = (self.found, self.cuts)
        spec = self.specs[k]
        choices = self.choices(spec, path, used)
        if not choices and not self.complete_only and path:
            self._record(path, penalty)
        for cost, start, therapist_id, room_id in choices:
            if self.steps >= self.budget:
                return
            self.steps += 1
            path.append(Placement(spec.session, therapist_id, room_id, start, start + spec.length))
            if self._cannot_win(penalty + cost, path):
                self.cuts += 1
            elif not self._may_reach(penalty + cost, path):
                pass  # a branch that can't go as far as a listed booking
            else:
                self.state.book(spec, therapist_id, room_id, start)
                self._search(path, used | {therapist_id}, penalty + cost)
                self.state.release(spec.key)
            path.pop()
        if memo is not None and seen == (self.found, self.cuts):
            # Nothing below was cut and nothing completed: no booking goes on from here.
            self.dead.add(memo)

    def _memo_key(self, path: Sequence[Placement]) -> tuple[object, ...] | None:
        """What the rest of the course depends on, where it depends on little: the session
        to place, the end it follows, the therapist-days of that day (daily limits) and the
        weekly minutes the course has used. Only when the shortest gap outlasts the turnover
        (no later session meets an earlier one's busy time) and in the complete search."""
        if not self.complete_only or not path or self.min_gap < self.state.turnover:
            return None
        end = path[-1].end
        same_day = tuple(p.therapist_id for p in path if day_index(p.start) == day_index(end))
        week: dict[tuple[str, int], int] = {}
        settings = self.scenario.settings
        for p in path:
            slot = (p.therapist_id, settings.week_of(day_index(p.start)))
            week[slot] = week.get(slot, 0) + p.end - p.start
        return (len(path), end, same_day, tuple(sorted(week.items())))

    def window(self, spec: SessionSpec, path: Sequence[Placement]) -> tuple[int, int]:
        """Earliest and latest start the previous session (or ``last_session_end``) and the
        later sessions leave ``spec``."""
        anchor = path[-1].end if path else spec.course.last_session_end
        lo, hi = 0, self.latest[len(path)]
        if anchor is not None:
            lo = anchor + self.min_gap
            if self.max_gap is not None:
                hi = min(hi, anchor + self.max_gap)
        return lo, hi

    def choices(
        self, spec: SessionSpec, path: Sequence[Placement], used: frozenset[str]
    ) -> list[tuple[int, int, str, str]]:
        """``(cost, start, therapist, room)`` worth trying for ``spec``, cheapest first.

        Per therapist-day only the starts that can matter: the earliest that fits (the best
        start for the ranking and for the next session's window), the earliest inside the
        client's preferred times, and, where the course has a longest gap, the latest of both
        (a later end leaves the next session more room).
        """
        lo, hi = self.window(spec, path)
        out: list[tuple[int, int, str, str]] = []
        if self.open_days is None:
            self.open_days = OpenDays(self.state, self.specs)
        path_days = {day_index(p.start) for p in path}
        for day, therapist_id, starts in self.open_days.within(len(path), lo, hi):
            # Only the path's own sessions can have closed a day since the search began.
            if (therapist_id in used or day in path_days) and self.state.day_blocker(
                spec, therapist_id, day
            ) is not None:
                continue
            a, b = bisect_left(starts, lo), bisect_right(starts, hi)
            if a >= b:
                continue
            picked = self._earliest(spec, therapist_id, starts, a, b)
            if self.max_gap is not None:
                picked |= self._latest(spec, therapist_id, starts, a, b)
            for start, room in sorted(picked):
                cost = self.cost.of(spec, therapist_id, start, used)
                out.append((cost, start, therapist_id, room))
        out.sort()
        return out

    def _fits(self, spec: SessionSpec, therapist_id: str, start: int) -> str | None:
        if self.state.therapist_blocker(spec, therapist_id, start) is not None:
            return None
        return self.state.free_room(spec, start)

    def _earliest(
        self, spec: SessionSpec, therapist_id: str, starts: tuple[int, ...], a: int, b: int
    ) -> set[tuple[int, str]]:
        """The earliest start that fits, and the earliest inside preferred times; busy periods
        are jumped over, not tried start by start."""
        liked = spec.preferred_starts
        found: set[tuple[int, str]] = set()
        first = True
        i = a
        while i < b:
            start = starts[i]
            until = self.state.busy_until(spec, therapist_id, start)
            if until is not None:
                i = bisect_left(starts, until, i + 1, b)
                continue
            if (first or start in (liked or ())) and (room := self.state.free_room(spec, start)):
                found.add((start, room))
                if first and liked is not None and start not in liked:
                    first = False
                    i += 1
                    continue
                return found
            i += 1
        return found

    def _latest(
        self, spec: SessionSpec, therapist_id: str, starts: tuple[int, ...], a: int, b: int
    ) -> set[tuple[int, str]]:
        """The latest start that fits, and the latest inside preferred times."""
        liked = spec.preferred_starts
        found: set[tuple[int, str]] = set()
        first = True
        for i in range(b - 1, a - 1, -1):
            start = starts[i]
            if not (first or start in (liked or ())):
                continue
            room = self._fits(spec, therapist_id, start)
            if room is None:
                continue
            found.add((start, room))
            if liked is None or start in liked:
                return found
            first = False
        return found


__all__ = ["CourseSearch", "Option", "Placement", "latest_starts"]
