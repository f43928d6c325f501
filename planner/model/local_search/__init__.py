"""A phase of the search: ruin and recreate over whole courses, without a solver."""
