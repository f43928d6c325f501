"""Print the JSON API's OpenAPI description (``python -m planner.web.openapi``), as the server
serves it at ``/api/openapi.json``; ``docs/openapi.json`` is written with it."""

from __future__ import annotations

import json
import sys
from typing import Any


def describe() -> dict[str, Any]:
    """The OpenAPI document of the application (no spa needs to be loaded for it)."""
    from planner.web.app import build_app

    return build_app().openapi()


def main() -> None:
    """Write the description to standard output, sorted and indented (stable diffs)."""
    json.dump(describe(), sys.stdout, indent=2, sort_keys=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
