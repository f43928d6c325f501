"""A spa's planning scenario: the contract's input folder, loaded and validated at the edge.

Use :func:`load_scenario` to read a folder; everything it returns is immutable and consistent.
:func:`validate_scenario` checks a scenario built or changed in Python by the same rules.
"""

from planner.scenario.errors import DomainProblem, Problem, ScenarioError, Severity
from planner.scenario.load import (
    LoadedFolder,
    load_scenario,
    load_scenario_folder,
    validate_scenario,
)
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

__all__ = [
    "Availability",
    "Client",
    "Condition",
    "Contraindication",
    "Course",
    "DomainProblem",
    "Intensity",
    "LoadedFolder",
    "Pin",
    "Problem",
    "Room",
    "RoomClosure",
    "Scenario",
    "ScenarioError",
    "Settings",
    "Severity",
    "Shift",
    "Strictness",
    "Therapist",
    "Treatment",
    "Weights",
    "load_scenario",
    "load_scenario_folder",
    "validate_scenario",
]
