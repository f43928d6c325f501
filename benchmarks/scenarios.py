"""The benchmark scenarios: generated spas of growing size, cached as contract folders.

Each size is fixed by its generator parameters and seed, so every machine benchmarks the same
scenario. Sizes aim at a session count (S ~150, M ~600, L ~3,000, XL ~10,000) at a comfortable
demand of 60-70 % of the therapists' shift time; ``tight`` asks for 130 % of it.

The scenario classes of the peers benchmark (:mod:`benchmarks.peers`): ``city`` (a one-week city
spa, ~400 sessions), ``small`` (a one-week spa whose demand is about its capacity), ``ward`` (a
physiotherapy ward of :mod:`planner.generate.ward`: identical therapists, daily courses, 10-80
minute sessions, demand about twice the capacity), ``two`` (a two-week spa, ~3,300 sessions) and
``four`` (a four-week resort, ~9,400 sessions).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path

from planner.generate import build_scenario, build_ward, generate_scenario
from planner.plan.publish import publish_folder
from planner.scenario.types import Scenario
from planner.scenario.write import write_scenario_folder

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
        Demanded treatment minutes as a share of all shift minutes (a ward's ``demand``).
    seed
        Generator seed.
    target_sessions
        Session count the parameters were chosen to land near.
    long
        A long run (minutes per solve): the runner repeats it ``--long-repeats`` times only.
    patients
        0 for a spa of :func:`planner.generate.generate_scenario`; otherwise the patients of a
        physiotherapy ward of :func:`planner.generate.build_ward` (working Monday to Friday,
        ``days`` long; as many rooms as therapists keep rooms from binding).
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
    patients: int = 0

    @property
    def is_ward(self) -> bool:
        """True for a physiotherapy ward, False for a generated spa."""
        return self.patients > 0

    def folder_name(self) -> str:
        """Cache folder name; it changes with any parameter, so a stale cache is never reused."""
        ward = f"-p{self.patients}" if self.is_ward else ""
        return (
            f"{self.name}{ward}-t{self.therapists}-r{self.rooms}-d{self.days}"
            f"-x{self.tightness:g}-s{self.seed}"
        )

    def build(self) -> Scenario:
        """The scenario of this size, in memory."""
        if self.is_ward:
            return build_ward(
                patients=self.patients,
                therapists=self.therapists,
                rooms=self.rooms,
                seed=self.seed,
                demand=self.tightness,
                days=self.days,
            )
        return build_scenario(
            therapists=self.therapists,
            rooms=self.rooms,
            courses=None,
            days=self.days,
            seed=self.seed,
            tightness=self.tightness,
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
        # The scenario classes of the peers benchmark.
        Size("city", "one-week city spa", 20, 10, 7, 0.55, 1, 400),
        Size("small", "one-week spa, demand about its capacity", 8, 5, 7, 1.0, 2, 280),
        Size("ward", "physiotherapy ward, demand 1.85 x capacity", 4, 4, 7, 1.85, 1, 450,
             patients=90),
        Size("two", "two-week spa", 80, 40, 14, 0.55, 3, 3_300, long=True),
        Size("four", "four-week resort", 100, 50, 28, 0.65, 4, 9_400, long=True),
    )
}  # fmt: skip


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

    The folder is written all at once, so an interrupted run leaves no half folder.
    """
    folder = cache / "scenarios" / size.folder_name()
    if not folder.is_dir() and size.is_ward:
        scenario = size.build()
        publish_folder(folder, lambda staging: _write_ward(scenario, staging), lock=False)
    elif not folder.is_dir():
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


def _write_ward(scenario: Scenario, staging: Path) -> None:
    write_scenario_folder(scenario, staging)
