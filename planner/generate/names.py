"""Unique, plausible person names for generated therapists and clients."""

from __future__ import annotations

import random

from planner.generate.catalog import FEMALE_NAMES, MALE_NAMES, SURNAMES


class NamePool:
    """Hands out full names, never the same twice within one scenario.

    Spas employ and serve more women than men, so most names drawn are women's.
    """

    def __init__(self, female_share: float = 0.75) -> None:
        self._female_share = female_share
        self._used: set[str] = set()
        self.female: set[str] = set()

    def person(self, rng: random.Random, *, female: bool | None = None) -> str:
        """A fresh full name (first name and surname); ``female`` forces a woman's name."""
        if female is None:
            female = rng.random() < self._female_share
        firsts = FEMALE_NAMES if female else MALE_NAMES
        for _ in range(20):
            name = f"{rng.choice(firsts)} {rng.choice(SURNAMES)}"
            if name not in self._used:
                break
        else:
            # Thousands of clients exhaust the pairs: tell namesakes apart like a front desk does.
            base = f"{rng.choice(firsts)} {rng.choice(SURNAMES)}"
            number = 2
            while f"{base} ({number})" in self._used:
                number += 1
            name = f"{base} ({number})"
        self._used.add(name)
        if female:
            self.female.add(name)
        return name
