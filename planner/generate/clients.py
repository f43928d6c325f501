"""Clients of a generated spa: contact data, health conditions and when they can come."""

from __future__ import annotations

import random
from collections.abc import Sequence

from planner.generate.catalog import CONDITIONS, ConditionSpec
from planner.generate.names import NamePool
from planner.scenario.timeaxis import MINUTES_PER_DAY
from planner.scenario.types import Availability, Client, Condition, Settings

CONDITION_SHARE = 0.15  # clients who report a health condition
AVAILABILITY_SHARE = 0.4  # clients who can come only at some times
MIN_WINDOW = 120  # availability windows shorter than this are dropped


def make_clients(rng: random.Random, count: int, female: set[int], names: NamePool) -> list[Client]:
    """``count`` clients with fictitious phone numbers; those in ``female`` get women's names."""
    width = max(3, len(str(count)))
    clients = []
    for index in range(count):
        name = names.person(rng, female=True if index in female else None)
        phone = f"+380 44 555 {rng.randrange(10000):04d}"
        clients.append(Client(f"c{index + 1:0{width}d}", name, (("phone", phone),)))
    return clients


def make_conditions(
    rng: random.Random,
    clients: Sequence[Client],
    pregnant: set[str],
    female_names: set[str],
    settings: Settings,
) -> list[Condition]:
    """Conditions of about 15 % of clients; ``pregnant`` clients (prenatal courses) always."""
    out: list[Condition] = []
    days = settings.days
    for client in clients:
        if client.id in pregnant:
            out.append(Condition(client.id, "pregnancy", 0, days - 1, cleared=rng.random() < 0.5))
            continue
        if rng.random() >= CONDITION_SHARE:
            continue
        count = 2 if rng.random() < 0.1 else 1
        allowed = [c for c in CONDITIONS if not c.female_only or client.name in female_names]
        picked: list[ConditionSpec] = []
        while len(picked) < count:
            spec = rng.choices(allowed, weights=[c.weight for c in allowed])[0]
            if spec not in picked:
                picked.append(spec)
        for spec in picked:
            out.append(_condition(rng, client.id, spec, days))
    return out


def _condition(rng: random.Random, client_id: str, spec: ConditionSpec, days: int) -> Condition:
    cleared = rng.random() < spec.cleared
    if rng.random() < spec.temporary:
        # A few days inside the horizon: a cold with fever, a healing scrape.
        first = rng.randrange(days)
        length = rng.randint(1, 3) if spec.name == "fever" else rng.randint(1, 5)
        return Condition(client_id, spec.name, first, first + length - 1, cleared)
    if rng.random() < 0.3:
        # Known since before the horizon and lasting beyond it (written with from/until).
        return Condition(
            client_id, spec.name, -rng.randint(7, 60), days + rng.randint(0, 30), cleared
        )
    return Condition(client_id, spec.name, 0, days - 1, cleared)


# Availability patterns: per weekday (0 = Monday) the window as minute-of-day, None = can't come.
_WEEKDAYS_EVENINGS = tuple([(17 * 60, 21 * 60)] * 5 + [(10 * 60, 18 * 60), None])
_MORNINGS = tuple([(9 * 60, 13 * 60)] * 6 + [None])
_LUNCH = tuple([(12 * 60, 15 * 60)] * 5 + [None, None])
_WEEKENDS = tuple([None] * 5 + [(9 * 60, 21 * 60), (10 * 60, 18 * 60)])
_PATTERNS = (_WEEKDAYS_EVENINGS, _MORNINGS, _LUNCH, _WEEKENDS)
_PATTERN_WEIGHTS = (4, 3, 2, 2)


def make_availability(
    rng: random.Random, clients: Sequence[Client], settings: Settings
) -> list[Availability]:
    """Windows for about 40 % of clients; half of those also say which windows they prefer."""
    out: list[Availability] = []
    for client in clients:
        if rng.random() >= AVAILABILITY_SHARE:
            continue
        if rng.random() < 0.2:
            pattern = _some_days(rng)
        else:
            pattern = rng.choices(_PATTERNS, weights=_PATTERN_WEIGHTS)[0]
        preferred_days = set(rng.sample(range(7), 2)) if rng.random() < 0.5 else set()
        for day in range(settings.days):
            window = pattern[settings.day_date(day).weekday()]
            opening = settings.opening(day)
            if window is None or opening is None:
                continue
            base = day * MINUTES_PER_DAY
            start, end = max(base + window[0], opening[0]), min(base + window[1], opening[1])
            if end - start < MIN_WINDOW:
                continue
            preferred = settings.day_date(day).weekday() in preferred_days
            out.append(Availability(client.id, start, end, preferred))
    return out


def _some_days(rng: random.Random) -> tuple[tuple[int, int] | None, ...]:
    """A client who can come on a few weekdays only, all day."""
    days = set(rng.sample(range(7), rng.randint(2, 4)))
    return tuple((9 * 60, 21 * 60) if weekday in days else None for weekday in range(7))
