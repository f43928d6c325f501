"""The error of a front-desk request that does not fit the scenario."""

from __future__ import annotations


class RequestError(ValueError):
    """A request that does not fit the scenario; ``option`` names the command-line option."""

    def __init__(self, option: str, message: str) -> None:
        self.option = option
        super().__init__(f"{option}: {message}")


__all__ = ["RequestError"]
