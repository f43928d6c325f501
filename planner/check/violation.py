"""What the checker reports: one :class:`Violation` per broken hard rule instance."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Violation:
    """One breach of a hard rule of the contract.

    Parameters
    ----------
    rule
        Number of the hard rule broken (1..12, as numbered in the contract).
    message
        A sentence a spa manager understands, with the facts (ids, times, limits). It never
        names a client's health condition.
    sessions
        The sessions involved, as ``(course_id, session)`` pairs, in plan order.
    """

    rule: int
    message: str
    sessions: tuple[tuple[str, int], ...] = ()

    def __post_init__(self) -> None:
        if not 1 <= self.rule <= 12:
            raise ValueError(f"rule must be 1..12, got {self.rule}")

    def __str__(self) -> str:
        return f"rule {self.rule}: {self.message}"
