"""Step 5 of a solve, the explanations: why a session was left out, which pins clash."""
