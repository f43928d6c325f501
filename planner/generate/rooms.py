"""Treatment rooms of a generated spa, their equipment and a few closures."""

from __future__ import annotations

import random
from collections.abc import Sequence

from planner.generate.catalog import ROOM_KINDS, ROOM_THEMES, TreatmentSpec
from planner.scenario.timeaxis import MINUTES_PER_DAY
from planner.scenario.types import Room, RoomClosure, Settings


def make_rooms(rng: random.Random, count: int, treatments: Sequence[TreatmentSpec]) -> list[Room]:
    """``count`` rooms of mixed kinds, equipped so that every offered treatment fits somewhere."""
    width = max(2, len(str(count)))
    kinds = [
        rng.choices(ROOM_KINDS, weights=[k.weight for k in ROOM_KINDS])[0] for _ in range(count)
    ]
    # Most rooms of a spa have a table; the first one always does.
    kinds[0] = ROOM_KINDS[1] if rng.random() < 0.5 else ROOM_KINDS[0]
    labels = [k.label for k in kinds]
    equipment = [set(k.equipment) for k in kinds]
    protected = {0}
    for treatment in treatments:
        needed = set(treatment.equipment)
        if not needed or any(needed <= have for have in equipment):
            continue
        fitting = [k for k in ROOM_KINDS if needed <= set(k.equipment)]
        spare = [
            i
            for i in range(count)
            if i not in protected
            and (labels[i] == ROOM_KINDS[0].label or labels.count(labels[i]) > 1)
        ]
        if fitting and spare:
            # Refit a spare room as the kind this treatment needs (a Thai room, a lymph room).
            kind = min(fitting, key=lambda k: len(k.equipment))
            chosen = rng.choice(spare)
            labels[chosen], equipment[chosen] = kind.label, set(kind.equipment)
            protected.add(chosen)
            continue
        # No room to spare: the room that already has most of it becomes multi-purpose.
        best = max(range(count), key=lambda i: (len(needed & equipment[i]), -i))
        equipment[best] |= needed
        labels[best] = "multi-purpose room"
        protected.add(best)
    rooms = []
    for index in range(count):
        theme = ROOM_THEMES[index % len(ROOM_THEMES)]
        lap = index // len(ROOM_THEMES)
        name = f"{theme} {labels[index]}" + (f" {lap + 1}" if lap else "")
        rooms.append(
            Room(
                id=f"r{index + 1:0{width}d}",
                name=name[0].upper() + name[1:],
                equipment=frozenset(equipment[index]),
            )
        )
    return rooms


def make_closures(
    rng: random.Random, rooms: Sequence[Room], settings: Settings
) -> list[RoomClosure]:
    """A few closures: deep cleaning for two hours, now and then a whole day of repairs."""
    closures: list[RoomClosure] = []
    for room in rooms:
        if rng.random() >= 0.3:
            continue
        day = rng.randrange(settings.days)
        base = day * MINUTES_PER_DAY
        if rng.random() < 0.2:
            closures.append(RoomClosure(room.id, base + 8 * 60, base + 22 * 60))
        else:
            start = base + rng.randrange(9 * 4, 19 * 4) * 15
            closures.append(RoomClosure(room.id, start, start + 120))
    return closures
