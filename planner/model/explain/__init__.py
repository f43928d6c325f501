"""Step 5 of a solve, the explanations: why a session is unscheduled, which pins clash."""
