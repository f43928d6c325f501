"""Step 2 of a solve, the first plan: whole courses booked one after another into a state that
counts every hard rule."""
