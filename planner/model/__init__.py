"""The CP-SAT model: pruning, variables, one module per rule family, objective, hint, solve."""

from planner.model.result import Progress, Result, SolveOptions, Status
from planner.model.solve import solve

__all__ = ["Progress", "Result", "SolveOptions", "Status", "solve"]
