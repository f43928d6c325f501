"""The benchmark scenarios: generated spas of growing size, cached as contract folders.

Each size is fixed by its generator parameters and seed, so every machine benchmarks the same
scenario. Sizes aim at a session count (S ~150, M ~600, L ~3,000, XL ~10,000) at a comfortable
demand of 60-70 % of the therapists' shift time; ``tight`` asks for 130 % of it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path

from planner.generate import generate_scenario

CACHE = Path(__file__).resolve().parent / ".cache"


@dataclass(frozen=True)
class Size:
    """One benchmark scenario: generator parameters and the size it stands for.

    Parameters
    ----------
    name
        Short name used on the command line (``S``, ``M``, ...).
    description
        What kind of spa this stands for.
    therapists, rooms, days
        Staff, rooms and horizon length of the generated spa.
    tightness
        Demanded treatment minutes as a share of all shift minutes.
    seed
        Generator seed.
    target_sessions
        Session count the parameters were chosen to land near.
    long
        A long run (minutes per solve): the runner repeats it ``--long-repeats`` times only.
    """

    name: str
    description: str
    therapists: int
    rooms: int
    days: int
    tightness: float
    seed: int
    target_sessions: int
    long: bool = False

    def folder_name(self) -> str:
        """Cache folder name; it changes with any parameter, so a stale cache is never reused."""
        return (
            f"{self.name}-t{self.therapists}-r{self.rooms}-d{self.days}"
            f"-x{self.tightness:g}-s{self.seed}"
        )

    def parameters(self) -> dict[str, object]:
        """Generator parameters and seed, for the report."""
        return asdict(self)


# At tightness 0.65-0.7 the generator books about 25 sessions per therapist-week, so the
# target sizes' M (15 therapists) and L (40 therapists) staff would land at ~400 and ~2,100
# sessions; they get more staff to reach ~600 and ~3,000 at a comfortable load (see BENCHMARKS.md).
SIZES: dict[str, Size] = {
    s.name: s
    for s in (
        Size("S", "small day spa, one week", 6, 4, 7, 0.65, 1, 150),
        Size("M", "city spa, one week", 23, 12, 7, 0.7, 1, 600),
        Size("L", "spa hotel, two weeks", 55, 30, 14, 0.7, 1, 3_000, long=True),
        Size("XL", "large resort spa, four weeks", 120, 60, 28, 0.6, 1, 10_000, long=True),
        Size("tight", "small day spa, one week, demand 130 % of capacity", 6, 4, 7, 1.3, 1, 300),
    )
}


def parse_sizes(text: str) -> list[Size]:
    """Sizes named in a comma-separated list such as ``"S,M,tight"`` (case-insensitive).

    Raises
    ------
    ValueError
        If a name is not one of :data:`SIZES`.
    """
    by_lower = {name.lower(): size for name, size in SIZES.items()}
    out = []
    for part in text.split(","):
        name = part.strip().lower()
        if not name:
            continue
        if name not in by_lower:
            raise ValueError(f"unknown size {part.strip()!r}; choose from {', '.join(SIZES)}")
        out.append(by_lower[name])
    if not out:
        raise ValueError("no size given")
    return out


def scenario_folder(size: Size, cache: Path = CACHE) -> Path:
    """The scenario folder of ``size``, generated into ``cache`` on first use.

    The generator writes the folder all at once, so an interrupted run leaves no half folder.
    """
    folder = cache / "scenarios" / size.folder_name()
    if not folder.is_dir():
        folder.parent.mkdir(parents=True, exist_ok=True)
        generate_scenario(
            folder,
            therapists=size.therapists,
            rooms=size.rooms,
            courses=None,
            days=size.days,
            seed=size.seed,
            tightness=size.tightness,
        )
    return folder
