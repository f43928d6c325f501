"""A fingerprint of a scenario folder, so archived runs say exactly which input they planned."""

from __future__ import annotations

import hashlib
from pathlib import Path

# The contract's files, in a fixed order: the hash must not depend on directory listing order,
# and files outside the contract (notes, exports someone saved there) must not change it.
CONTRACT_FILES: tuple[str, ...] = (
    "scenario.toml",
    "therapists.csv",
    "shifts.csv",
    "rooms.csv",
    "room_closures.csv",
    "treatments.csv",
    "clients.csv",
    "client_conditions.csv",
    "client_availability.csv",
    "contraindications.csv",
    "courses.csv",
    "pinned.csv",
)


def scenario_hash(folder: Path | str) -> str:
    """SHA-256 (hex) of the contract files present in ``folder``.

    Each file contributes its name, its length and its bytes, so moving content from one file
    to another, or removing an optional file, changes the hash.

    Parameters
    ----------
    folder
        A scenario folder.

    Returns
    -------
    str
        64 hex digits; equal for two folders whose contract files are byte-for-byte equal.
    """
    digest = hashlib.sha256()
    for name in CONTRACT_FILES:
        path = Path(folder) / name
        if not path.is_file():
            continue
        content = path.read_bytes()
        digest.update(f"{name}\0{len(content)}\0".encode())
        digest.update(content)
    return digest.hexdigest()
