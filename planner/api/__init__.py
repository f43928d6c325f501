"""The public Python API: one door into the library, for scripts and every front end.

Every function here is re-exported by ``planner`` (``planner.solve``, ``planner.load_scenario``,
...), which is how it is meant to be used. The functions are thin: each calls the part of the
library that does the work, so that the command line, a web front end and a script behave the
same. Names that would shadow a sub-package of ``planner`` say what they act on
(``check_plan``, not ``check``). Heavy libraries (CP-SAT, Dask, plotly) are imported inside
the functions that need them.

The steps of a planning session, in order::

    scenario, warnings = load_scenario("scenarios/demo-week")   # or ScenarioBuilder(...).build()
    problems = validate(scenario)                              # after changing it in Python
    result = solve(scenario, time_limit=10)                    # checked before it returns
    assert check_plan(scenario, result).valid                  # the independent checker
    write_plan_folder("out/demo", scenario, result)            # plan.csv, unscheduled.csv, ...
    export_plan(result, scenario, "out/exports", ["xlsx", "ics"])
"""

from planner.api.core import (
    PlanLike,
    Progress,
    check_plan,
    explain,
    load_scenario,
    read_plan_folder,
    solve,
    validate,
    write_plan_folder,
)
from planner.api.desk import advise_changes, book_course, export_plan, fit_course, roll_over

__all__ = [
    "PlanLike",
    "Progress",
    "advise_changes",
    "book_course",
    "check_plan",
    "explain",
    "export_plan",
    "fit_course",
    "load_scenario",
    "read_plan_folder",
    "roll_over",
    "solve",
    "validate",
    "write_plan_folder",
]
