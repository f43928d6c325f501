"""The exact optimum of a physiotherapy ward, at full size, from the structure of the class.

In a ward of :mod:`planner.generate.ward` the days are interchangeable: every therapist works
the same hours on every working day, every patient may come once a day, the recovery gap (12 h)
is shorter than the night, and nothing else (windows, availability, conditions, pins, max gaps,
preferences) ties one day to another. A plan is then any choice, per day, of sessions that fit
into the therapists' days, and its value is the sum over the days; the best day repeated on every
day is optimal and, giving every patient the same therapist each day, has no penalty at all.
The best day is a multiple knapsack (one bin of shift minutes + turnover per therapist, or per
room where the rooms are fewer; one item of duration + turnover per patient), which CP-SAT
proves in well under a second even for the published 90-patient case. :func:`ward_optimum`
checks every premise before it answers.
"""

from __future__ import annotations

from ortools.sat.python import cp_model

from planner.scenario.types import Scenario

DAY = 1440


def _premises(scenario: Scenario) -> list[str]:
    """What keeps the days of ``scenario`` from being interchangeable (empty: they are)."""
    s = scenario.settings
    broken = []
    shapes = {
        t.id: sorted((x.start % DAY, x.end % DAY or DAY, x.start // DAY) for x in scenario.shifts
                     if x.therapist_id == t.id)
        for t in scenario.therapists
    }  # fmt: skip
    if len({tuple(v) for v in shapes.values()}) != 1:
        broken.append("therapists work different shifts")
    rows = next(iter(shapes.values()), [])
    if len({(a, b) for a, b, _ in rows}) != 1 or len({d for _, _, d in rows}) != len(rows):
        broken.append("not one identical shift a day")
    if len({t.specialties for t in scenario.therapists}) != 1:
        broken.append("therapists differ in specialties")
    if len({r.equipment for r in scenario.rooms}) != 1 or any(
        not scenario.treatment_of(c).equipment <= scenario.rooms[0].equipment
        for c in scenario.courses
    ):
        broken.append("rooms differ or lack equipment")
    if len(scenario.rooms) < len(scenario.therapists) and _count_may_bind(scenario, rows):
        broken.append("fewer rooms than therapists, and a therapist's daily count may bind")
    if s.client_max_sessions_per_day != 1 or len({c.client_id for c in scenario.courses}) != len(
        scenario.courses
    ):
        broken.append("a patient may come more than once a day")
    if scenario.pins or scenario.availability or scenario.conditions or scenario.room_closures:
        broken.append("pins, availability, conditions or closures tie days together")
    for c in scenario.courses:
        t = scenario.treatment_of(c)
        if (c.earliest, c.latest, c.last_session_end, c.preferred_therapist) != (None,) * 4:
            broken.append(f"course {c.id} has a window, history or preference")
        low, high = scenario.gap_hours(c)
        if high is not None or low * 60 > DAY - (rows[0][1] - rows[0][0] if rows else 0):
            broken.append(f"course {c.id}'s gaps tie days together")
        if c.assessment_on_first and s.assessment_minutes:
            broken.append(f"course {c.id}'s first session is longer")
        if t.deep and any(x.max_deep_per_day is not None for x in scenario.therapists):
            broken.append("deep limits")
    if any(t.max_minutes_per_week is not None for t in scenario.therapists):
        broken.append("weekly limits")
    slot = s.slot_minutes
    for x in scenario.shifts:
        hours = s.opening(x.start // DAY)
        if hours is None or not hours[0] <= x.start < x.end <= hours[1] or x.start % slot:
            broken.append("a shift outside the opening hours or off the grid")
    if any((t.duration + s.turnover_minutes) % slot for t in scenario.treatments):
        broken.append("sessions back to back leave the grid")
    return broken


def _count_may_bind(scenario: Scenario, rows: list[tuple[int, int, int]]) -> bool:
    """True if a day's shift could hold more sessions than a therapist may give in a day."""
    if not rows:
        return False
    turnover = scenario.settings.turnover_minutes
    shortest = min(scenario.treatment_of(c).duration for c in scenario.courses) + turnover
    most = (rows[0][1] - rows[0][0] + turnover) // shortest
    return any(t.max_sessions_per_day < most for t in scenario.therapists)


def best_day(scenario: Scenario, time_limit: float = 60.0) -> tuple[int, bool]:
    """The best value one working day can hold, and whether CP-SAT proved it.

    A session holds a therapist and a room from its start to its end plus turnover, and every
    session lies within the one shift all therapists share (the premises), so no more sessions
    run at once than the smaller of the two counts: a day's sessions are those that pack into
    that many bins of the shift's length (plus turnover), one therapist in one room each (the
    others stay free). With fewer rooms than therapists a room's sessions may have several
    therapists, so a therapist's daily count is no limit of a bin; the premises make sure it
    binds nowhere then.
    """
    settings = scenario.settings
    turnover = settings.turnover_minutes
    first = min(scenario.shifts, key=lambda x: x.start)
    capacity = first.end - first.start + turnover
    per_day = min(t.max_sessions_per_day for t in scenario.therapists)
    items = [(scenario.treatment_of(c).duration + turnover, c.priority) for c in scenario.courses]
    m = cp_model.CpModel()
    bins = range(min(len(scenario.therapists), len(scenario.rooms)))
    x = [[m.new_bool_var("") for _ in bins] for _ in items]
    for row in x:
        m.add(sum(row) <= 1)
    for b in bins:
        m.add(sum(size * x[i][b] for i, (size, _) in enumerate(items)) <= capacity)
        m.add(sum(x[i][b] for i in range(len(items))) <= per_day)
    m.maximize(sum(value * x[i][b] for i, (_, value) in enumerate(items) for b in bins))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit
    solver.parameters.num_workers = 2
    status = solver.solve(m)
    return round(solver.objective_value), status == cp_model.OPTIMAL


def ward_optimum(scenario: Scenario, time_limit: float = 60.0) -> tuple[int, int] | None:
    """The lexicographic optimum ``(scheduled_value, penalty)`` of a ward, or None if unproven.

    Raises
    ------
    ValueError
        If the scenario's days are not interchangeable (the answer would not be exact).
    """
    broken = _premises(scenario)
    if broken:
        raise ValueError("not a plain ward: " + "; ".join(sorted(set(broken))))
    working_days = len({x.start // DAY for x in scenario.shifts})
    most = min(c.sessions for c in scenario.courses)
    if most < working_days:
        raise ValueError("a course asks for fewer sessions than there are working days")
    value, proven = best_day(scenario, time_limit)
    return (working_days * value, 0) if proven else None
