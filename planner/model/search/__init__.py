"""Step 4 of a solve, the search: the phases in turn, the budget they share, the score they
compare plans by, and :func:`~planner.model.search.solve.solve`, which runs every step."""
