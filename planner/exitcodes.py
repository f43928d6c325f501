"""Exit codes of every ``planner`` command, documented for cron jobs in the README."""

OK = 0
INTERNAL_ERROR = 1  # a bug, or for ``check``: the plan breaks hard rules
VIOLATIONS = 1
INVALID_INPUT = 2
NO_PLAN = 3
LOCKED = 4
REPAIRED = 5  # the solver's plan broke a hard rule; a repaired (valid) plan was written
