"""A spa kept loaded for a long-running front end (``planner serve``).

:class:`LiveSpa` holds one scenario folder, its plan archive and its exports folder. It reads
the scenario and the published plan of the scenario's days once and keeps them until the
folder's files or the archive's published runs change, so that a front desk's questions are
answered from memory. Everything that writes (a booking, a re-plan, a sick day) goes through the
same library functions and the same spa lock as ``planner book`` and ``planner nightly``: the
scenario folder stays the system of record, and every CLI command keeps working on it.
"""

from planner.live.changes import ChangeError, ScenarioChange, room_closed, therapist_off
from planner.live.desk import (
    Desk,
    DeskBooking,
    DeskBusy,
    DeskConflict,
    DeskFit,
    DeskRequestError,
)
from planner.live.desk_clients import ClientMatch, course_calendar, find_clients, new_client_id
from planner.live.fit_worker import FitWorker, FitWorkerFailed
from planner.live.recover import complete_bookings
from planner.live.replan import (
    JobStatus,
    LiveProposal,
    PlanChanged,
    ReplanError,
    ReplanJob,
    propose_replan,
    publish_replan,
    replan_options,
)
from planner.live.rollover import RolledOver, RolloverDraft, confirm_rollover, draft_rollover
from planner.live.spa import (
    DEFAULT_LOCK_WAIT_SECONDS,
    LiveSpa,
    SpaSnapshot,
    SpaUnavailable,
    folder_fingerprint,
)
from planner.live.views import RoleView, TherapistWeek, plan_for, therapist_calendar, therapist_week

__all__ = [
    "DEFAULT_LOCK_WAIT_SECONDS",
    "ChangeError",
    "ClientMatch",
    "Desk",
    "DeskBooking",
    "DeskBusy",
    "DeskConflict",
    "DeskFit",
    "DeskRequestError",
    "FitWorker",
    "FitWorkerFailed",
    "JobStatus",
    "LiveProposal",
    "LiveSpa",
    "PlanChanged",
    "ReplanError",
    "ReplanJob",
    "RoleView",
    "RolledOver",
    "RolloverDraft",
    "ScenarioChange",
    "SpaSnapshot",
    "SpaUnavailable",
    "TherapistWeek",
    "complete_bookings",
    "confirm_rollover",
    "course_calendar",
    "draft_rollover",
    "find_clients",
    "folder_fingerprint",
    "new_client_id",
    "plan_for",
    "propose_replan",
    "publish_replan",
    "replan_options",
    "room_closed",
    "therapist_calendar",
    "therapist_off",
    "therapist_week",
]
