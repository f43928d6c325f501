"""Exit codes of every ``planner`` command, documented for cron jobs in the README.

A library module, not part of ``planner.cli``: the nightly job raises failures that carry them,
and the commands only pass them on.
"""

OK = 0
INTERNAL_ERROR = 1  # a bug, or for ``check``: the plan breaks hard rules
VIOLATIONS = 1
INVALID_INPUT = 2
NO_PLAN = 3  # pinned sessions that contradict each other or a rule
LOCKED = 4  # another run holds the lock (nightly: the archive's; solve, export: OUT's)
REPAIRED = 5  # the solver's plan broke a hard rule; a repaired (valid) plan was written
CRASHED = 6  # the solver's process died (e.g. SIGSEGV in CP-SAT, SIGKILL): nothing of it written
CHANGE_STOPPED = 7  # nightly: the re-plan would change too much (--max-change); nothing published
