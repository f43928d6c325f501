"""The stage the model tests' tiny spas share, as file texts for ``make_scenario``.

Only the background lives here: who works, which rooms and clients exist, the usual pair of
competing courses. Whatever decides a test's hand-computed expected value (shift times, limits,
gaps, windows) stays written out in the test itself. Texts are dedented and stripped when written,
so a constant yields the same file as the block it replaces. 2026-12-07 is a Monday.
"""

from __future__ import annotations

ONE_DAY = "start = 2026-12-07\ndays = 1\n"
THREE_DAYS = "start = 2026-12-07\ndays = 3\n"

TWO_RELAXING_THERAPISTS = """
    therapist_id,name,specialties
    t1,Olena,relaxing
    t2,Iryna,relaxing
"""

TWO_TABLE_ROOMS = """
    room_id,name,equipment
    r1,Room 1,table
    r2,Room 2,table
"""

# Only r1 has the table a massage needs.
TABLE_AND_MAT_ROOMS = """
    room_id,name,equipment
    r1,Room 1,table
    r2,Yoga room,mat
"""

TWO_CLIENTS = """
    client_id,name
    c1,Anna
    c2,Boris
"""

THREE_CLIENTS = """
    client_id,name
    c1,Anna
    c2,Boris
    c3,Daria
"""

# co1 (priority 2) is worth more than co2 (priority 1), so the optimum says which of two
# competing single-session courses wins.
TWO_COURSES = """
    course_id,client_id,treatment_id,sessions,priority
    co1,c1,relax,1,2
    co2,c2,relax,1,1
"""

TWO_COURSES_NO_ASSESSMENT = """
    course_id,client_id,treatment_id,sessions,priority,needs_assessment
    co1,c1,relax,1,2,no
    co2,c2,relax,1,1,no
"""

SHIFT_HEAD = "therapist_id,date,start,end"
PIN_HEAD = "course_id,session,therapist_id,room_id,start"


def shifts(*rows: str) -> str:
    """``shifts.csv`` with ``rows`` such as ``"t1,2026-12-07,09:00,10:15"``."""
    return "\n".join([SHIFT_HEAD, *rows]) + "\n"


def pinned(*rows: str) -> str:
    """``pinned.csv`` with ``rows`` such as ``"co1,1,t1,r1,2026-12-07T09:00"``."""
    return "\n".join([PIN_HEAD, *rows]) + "\n"


# One day, one therapist 09:00-11:45 with the 15-minute turnover: two 60-minute sessions fit
# (09:00, 10:15), not three; the 24 h recovery gap leaves only first sessions of the three
# two-session courses. Optimum: co1's and co2's first sessions, 3 + 2 = 5.
ONE_DAY_THREE_COURSES = {
    "scenario.toml": ONE_DAY,
    "shifts.csv": shifts("t1,2026-12-07,09:00,11:45"),
    "rooms.csv": TWO_TABLE_ROOMS,
    "clients.csv": THREE_CLIENTS,
    "courses.csv": """
        course_id,client_id,treatment_id,sessions,priority,needs_assessment
        co1,c1,relax,2,3,no
        co2,c2,relax,2,2,no
        co3,c3,relax,2,1,no
    """,
}
