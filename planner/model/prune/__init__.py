"""Step 1 of a solve, pruning: every session's possible choices before any search begins."""
