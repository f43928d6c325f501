"""Phases of the search with CP-SAT: one model builder, the whole model, the part models.

:mod:`~planner.model.cpsat.build` assembles every model (variables, the rule families of
``constraints/``, the objective); :mod:`~planner.model.cpsat.hint` turns a plan into a hint and a
solution back into a plan; :mod:`~planner.model.cpsat.run` runs every search within its budget.
"""
