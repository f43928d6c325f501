"""What a nightly run did, as ``nightly.json`` in the exports and as lines for a cron mail.

Ids and counts only: the report is logged and published, so it never names a health condition.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from planner.archive.diff import changes_text
from planner.nightly.freeze import NotFrozen
from planner.scenario.bookings import ReleasedBooking


@dataclass(frozen=True)
class NightlyReport:
    """What a nightly run did; ids and counts only (it is logged and published)."""

    run_id: int
    previous_run_id: int | None
    scenario_name: str
    now: str
    freeze_until: str
    status: str
    scheduled_value: int
    penalty: int
    sessions_scheduled: int
    sessions_total: int
    kept: int
    kept_past: int
    not_frozen: tuple[NotFrozen, ...]
    moved: int
    clients_to_notify: int = 0
    changes: dict[str, int] = field(default_factory=dict)
    exports: str = ""
    # Published sessions the new plan no longer books, and the call list's file in the exports
    # ("" when nobody must be told).
    dropped: int = 0
    call_list: str = ""
    # Front-desk bookings a scenario change made impossible: re-planned, clients to call first.
    released: tuple[ReleasedBooking, ...] = ()
    # How far the plan is from the proven bound, in sessions (planner.plan.limit).
    limit: str = ""

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (``nightly.json`` in the exports)."""
        return {
            "run_id": self.run_id,
            "previous_run_id": self.previous_run_id,
            "scenario": self.scenario_name,
            "now": self.now,
            "freeze_until": self.freeze_until,
            "status": self.status,
            "scheduled_value": self.scheduled_value,
            "penalty": self.penalty,
            "sessions_scheduled": self.sessions_scheduled,
            "sessions_total": self.sessions_total,
            "kept": self.kept,
            "kept_past": self.kept_past,
            "not_frozen": [
                {"course_id": n.course_id, "session": n.session, "reason": n.reason}
                for n in self.not_frozen
            ],
            "moved": self.moved,
            "dropped": self.dropped,
            "clients_to_notify": self.clients_to_notify,
            "call_list": self.call_list,
            "changes": dict(self.changes),
            "exports": self.exports,
            "released_bookings": [asdict(r) for r in self.released],
            "limit": self.limit,
        }

    def lines(self) -> list[str]:
        """The report as lines for a terminal or cron mail."""
        previous = "none" if self.previous_run_id is None else f"run {self.previous_run_id}"
        out = [
            f"nightly run {self.run_id} of {self.scenario_name!r} ({self.status}); "
            f"previous published plan: {previous}",
            f"freeze window: {self.now} to {self.freeze_until}; kept {self.kept} published "
            f"session(s) as they were ({self.kept_past} already begun)",
            f"scheduled {self.sessions_scheduled} of {self.sessions_total} session(s); "
            f"value {self.scheduled_value}, penalty {self.penalty}",
            *([self.limit] if self.limit else []),
            f"published sessions moved: {self.moved}, dropped: {self.dropped}",
            f"clients to notify: {self.clients_to_notify}"
            + (f" (call list {self.call_list})" if self.call_list else ""),
            "changes from the published plan: " + changes_text(self.changes),
        ]
        out += [f"could not keep {n}" for n in self.not_frozen]
        out += [f"released booking {r}" for r in self.released]
        out.append(f"exports published in {self.exports}")
        return out


__all__ = ["NightlyReport"]
