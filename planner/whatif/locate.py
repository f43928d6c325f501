"""Finding the line of a variant, key or value in a variants file's text.

``tomllib`` gives values but no positions; managers need "line 12" to find their typo. A light
scan of the text finds the variant's table and the key inside it, which is all a message needs.
"""

from __future__ import annotations

import re

_HEADER = re.compile(r"^\s*\[\[?\s*([^\]]+?)\s*\]\]?")


def _header_parts(header: str) -> list[str]:
    """Dotted TOML header ``variants."a b".key`` as its parts, quotes removed."""
    parts = re.findall(r'"([^"]*)"|\'([^\']*)\'|([^.\s]+)', header)
    return [next(p for p in groups if p) if any(groups) else "" for groups in parts]


class Locator:
    """Line numbers (1-based) of things in a variants file."""

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()
        # For every line: the header path of the table it belongs to.
        self.table_of: list[list[str]] = []
        current: list[str] = []
        self.header_lines: dict[tuple[str, ...], int] = {}
        for number, line in enumerate(self.lines, start=1):
            found = _HEADER.match(line)
            if found and not line.lstrip().startswith("#"):
                current = _header_parts(found.group(1))
                self.header_lines.setdefault(tuple(current), number)
            self.table_of.append(current)

    def variant_line(self, name: str) -> int | None:
        """Line of the ``[variants.NAME]`` header (or of its first sub-table)."""
        found = self.header_lines.get(("variants", name))
        if found is not None:
            return found
        lines = [n for path, n in self.header_lines.items() if path[:2] == ("variants", name)]
        return min(lines) if lines else None

    def _in_variant(self, index: int, name: str) -> bool:
        return self.table_of[index][:2] == ["variants", name]

    def key_line(self, name: str, key: str) -> int | None:
        """Line where ``key`` of variant ``name`` is set (``key =`` or a ``[...key]`` header)."""
        header = self.header_lines.get(("variants", name, key))
        if header is not None:
            return header
        pattern = re.compile(rf"^\s*[\"']?{re.escape(key)}[\"']?\s*=")
        for index, line in enumerate(self.lines):
            if self._in_variant(index, name) and pattern.match(line):
                return index + 1
        return self.variant_line(name)

    def value_line(self, name: str, key: str, value: str) -> int | None:
        """First line at or after ``key`` of variant ``name`` that mentions ``value``."""
        start = self.key_line(name, key)
        if start is None:
            return None
        quoted = re.compile(rf"[\"']{re.escape(value)}[\"']|\b{re.escape(value)}\b")
        for index in range(start - 1, len(self.lines)):
            if not self._in_variant(index, name):
                break
            if quoted.search(self.lines[index]):
                return index + 1
        return start
