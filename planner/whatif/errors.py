"""Problems in a variants file, each naming the file, line, variant and key."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class VariantProblem:
    """One problem in a variants file (or in a file a variant names, such as a courses CSV).

    ``line`` is the line in ``file`` (for a CSV: the row, header = 1); None where it can't be
    told. ``variant`` and ``key`` are empty for problems outside any variant.
    """

    file: str
    line: int | None
    variant: str
    key: str
    message: str
    column: str = ""
    unit: str = "line"  # "row" for a CSV file
    subject: str | None = None  # what a CSV row is about (``course K3``), by its ids

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f", {self.unit} {self.line}"
            if self.subject:
                where += f" ({self.subject})"
        if self.column:
            where += f", column {self.column!r}"
        if self.variant:
            where += f", variant {self.variant!r}"
        if self.key:
            where += f", key {self.key!r}"
        return f"{where}: {self.message}"


class VariantsError(Exception):
    """A variants file that can't be used; ``problems`` lists every problem found."""

    def __init__(self, problems: list[VariantProblem]) -> None:
        self.problems = problems
        super().__init__(
            f"{len(problems)} problem(s) in the variants:\n" + "\n".join(map(str, problems))
        )
