"""What a city day spa offers: treatments, specialties, room kinds, names.

The catalog is fixed and ordered so that generated scenarios are stable across versions: a
treatment id here is the same id the shipped contraindication defaults speak of.
"""

from __future__ import annotations

from dataclasses import dataclass

from planner.scenario.types import Intensity, Treatment


@dataclass(frozen=True)
class TreatmentSpec:
    """A treatment as the spa's price list describes it."""

    id: str
    name: str
    specialty: str
    duration: int
    equipment: tuple[str, ...]
    intensity: Intensity
    min_gap_hours: float
    max_gap_hours: float | None
    popularity: int  # relative share of bookings

    def as_treatment(self) -> Treatment:
        """The contract's treatment row for this catalog entry."""
        return Treatment(
            id=self.id,
            name=self.name,
            specialty=self.specialty,
            duration=self.duration,
            equipment=frozenset(self.equipment),
            intensity=self.intensity,
            min_gap_hours=self.min_gap_hours,
            max_gap_hours=self.max_gap_hours,
        )


DEEP = Intensity.DEEP
GENTLE = Intensity.GENTLE

TREATMENTS: tuple[TreatmentSpec, ...] = (
    TreatmentSpec("relaxing_massage", "Relaxing massage", "relaxing", 60, ("table",), GENTLE,
                  24, None, 14),
    TreatmentSpec("classic_massage", "Classic massage", "classic", 60, ("table",), GENTLE,
                  24, None, 10),
    TreatmentSpec("back_massage", "Back and neck massage", "classic", 30, ("table",), GENTLE,
                  24, None, 8),
    TreatmentSpec("sports_massage", "Sports massage", "sports", 60, ("table",), DEEP,
                  48, 168, 7),
    TreatmentSpec("deep_tissue", "Deep tissue massage", "sports", 75, ("table",), DEEP,
                  72, None, 5),
    TreatmentSpec("friction_massage", "Deep friction treatment", "sports", 30, ("table",), DEEP,
                  48, None, 3),
    TreatmentSpec("connective_tissue", "Connective tissue massage", "connective_tissue", 45,
                  ("table",), DEEP, 48, 120, 4),
    TreatmentSpec("lymph_drainage", "Manual lymph drainage", "lymphatic", 60, ("table",), GENTLE,
                  24, 72, 7),
    TreatmentSpec("pressotherapy", "Pressotherapy (device lymph drainage)", "lymphatic", 45,
                  ("lymph_device",), GENTLE, 24, 96, 4),
    TreatmentSpec("thai_massage", "Traditional Thai massage", "thai", 90, ("mat",), DEEP,
                  48, None, 5),
    TreatmentSpec("hot_stone", "Hot stone massage", "hot_stone", 75, ("table", "shower"), GENTLE,
                  48, None, 5),
    TreatmentSpec("aromatherapy", "Aromatherapy massage", "aromatherapy", 60,
                  ("table", "shower"), GENTLE, 24, None, 6),
    TreatmentSpec("prenatal_massage", "Prenatal massage", "prenatal", 60, ("table",), GENTLE,
                  72, None, 3),
    TreatmentSpec("reflexology", "Foot reflexology", "reflexology", 45, (), GENTLE,
                  24, None, 4),
)  # fmt: skip

TREATMENT_BY_ID = {t.id: t for t in TREATMENTS}

# Specialties in the order a small spa hires for them, with how common they are among staff.
SPECIALTY_WEIGHTS: tuple[tuple[str, int], ...] = (
    ("relaxing", 10),
    ("classic", 9),
    ("sports", 6),
    ("lymphatic", 5),
    ("aromatherapy", 4),
    ("hot_stone", 3),
    ("connective_tissue", 3),
    ("thai", 3),
    ("reflexology", 3),
    ("prenatal", 2),
)
SPECIALTIES = tuple(name for name, _ in SPECIALTY_WEIGHTS)
DEEP_SPECIALTIES = frozenset(t.specialty for t in TREATMENTS if t.intensity is DEEP)


@dataclass(frozen=True)
class RoomKind:
    """A kind of room and how often a spa has one."""

    label: str
    equipment: tuple[str, ...]
    weight: int


ROOM_KINDS: tuple[RoomKind, ...] = (
    RoomKind("massage room", ("table",), 6),
    RoomKind("massage room with shower", ("shower", "table"), 4),
    RoomKind("lymph room", ("lymph_device", "table"), 2),
    RoomKind("Thai room", ("mat", "shower"), 2),
    RoomKind("spa suite", ("lymph_device", "shower", "table"), 1),
)

ROOM_THEMES: tuple[str, ...] = (
    "Lavender", "Amber", "Birch", "Linden", "Cedar", "Jasmine", "Sage", "Lotus", "Olive",
    "Juniper", "Chestnut", "Mint", "Rosemary", "Iris", "Maple", "Willow", "Pearl", "Coral",
    "Jade", "Opal",
)  # fmt: skip

FEMALE_NAMES: tuple[str, ...] = (
    "Olena", "Anna", "Iryna", "Kateryna", "Sofia", "Maria", "Oksana", "Natalia", "Yulia",
    "Tetiana", "Daria", "Viktoria", "Alina", "Halyna", "Svitlana", "Marta", "Larysa", "Ivanna",
    "Emma", "Clara", "Lena", "Nadia", "Zoe", "Hanna", "Ines", "Mila", "Vera", "Lucia", "Eva",
    "Roksolana",
)  # fmt: skip
MALE_NAMES: tuple[str, ...] = (
    "Andrii", "Taras", "Dmytro", "Oleksandr", "Mykola", "Bohdan", "Serhii", "Yurii", "Ivan",
    "Petro", "Maksym", "Roman", "Vasyl", "Ostap", "Denys", "Artem", "Pavlo", "Marko", "Daniel",
    "Leo", "Tomas", "Adam", "Felix", "Nazar",
)  # fmt: skip
# Surnames that read the same for women and men.
SURNAMES: tuple[str, ...] = (
    "Shevchenko", "Bondarenko", "Kovalenko", "Tkachenko", "Kravchenko", "Oliinyk", "Marchenko",
    "Moroz", "Polishchuk", "Lysenko", "Savchuk", "Rudenko", "Melnyk", "Koval", "Boiko",
    "Kovalchuk", "Petrenko", "Shevchuk", "Pavlenko", "Levchenko", "Zinchenko", "Karpenko",
    "Vlasenko", "Hnatiuk", "Fedoruk", "Stepaniuk", "Romaniuk", "Demchuk", "Ostapenko",
    "Yaremchuk", "Hrytsenko", "Sydorenko", "Nazarenko", "Tymoshenko", "Dovzhenko", "Klymenko",
)  # fmt: skip


@dataclass(frozen=True)
class ConditionSpec:
    """How a health condition shows up among a spa's clients.

    ``temporary`` is the chance that it lasts only a few days of the horizon; ``cleared`` the
    chance that a physician cleared the client; ``female_only`` for pregnancy.
    """

    name: str
    weight: int
    temporary: float
    cleared: float
    female_only: bool = False


CONDITIONS: tuple[ConditionSpec, ...] = (
    ConditionSpec("pregnancy", 10, 0.0, 0.5, female_only=True),
    ConditionSpec("hypertension", 9, 0.0, 0.6),
    ConditionSpec("varicose_veins", 8, 0.0, 0.0),
    ConditionSpec("skin_lesion", 8, 0.7, 0.0),
    ConditionSpec("local_inflammation", 6, 0.8, 0.0),
    ConditionSpec("fever", 5, 1.0, 0.0),
    ConditionSpec("recent_surgery", 5, 0.3, 0.5),
    ConditionSpec("osteoporosis", 5, 0.0, 0.0),
    ConditionSpec("diabetes", 4, 0.0, 0.5),
    ConditionSpec("coagulation_disorder", 3, 0.0, 0.5),
    ConditionSpec("cancer", 3, 0.0, 0.5),
    ConditionSpec("fracture", 3, 0.2, 0.0),
    ConditionSpec("thrombosis", 2, 0.3, 0.0),
    ConditionSpec("phlebitis", 2, 0.5, 0.3),
    ConditionSpec("heart_failure", 2, 0.0, 0.4),
    ConditionSpec("acute_infection", 2, 1.0, 0.0),
)
