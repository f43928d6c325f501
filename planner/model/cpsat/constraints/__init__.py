"""The CP-SAT constraints, one module per family of hard rules (and the redundant capacity cuts);
each adds its constraints to a built model."""
