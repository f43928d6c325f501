"""Step 3 of a solve, the bound: a proven upper bound on the scheduled value."""
