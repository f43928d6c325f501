"""The CP-SAT model: pruning, variables, one module per rule family, objective, hint, solve.

Not the entry point: :func:`planner.solve` is (the model's plan, then the independent
checker). ``solve`` here is the model's own, unchecked search, kept importable for the
checked solve (:mod:`planner.solving`) and the model's tests.
"""

from planner.model.result import Progress, Result, SolveOptions, Status
from planner.model.solve import solve as solve  # the unchecked search: see above

__all__ = ["Progress", "Result", "SolveOptions", "Status"]
