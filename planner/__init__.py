"""planner: turns a spa's treatment-course bookings into a weekly roster with CP-SAT."""

__version__ = "0.1.0"
