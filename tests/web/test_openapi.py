"""The JSON API's description in docs/ is the one the server gives (it can't drift)."""

from __future__ import annotations

import json
from pathlib import Path

from fastapi.testclient import TestClient

DOCUMENTED = Path(__file__).resolve().parents[2] / "docs" / "openapi.json"


def test_docs_openapi_json_is_what_the_server_describes(client: TestClient) -> None:
    served = client.get("/api/openapi.json").json()
    documented = json.loads(DOCUMENTED.read_text(encoding="utf-8"))
    assert documented == served, (
        "docs/openapi.json is stale: write it again with "
        "`python -m planner.web.openapi > docs/openapi.json`"
    )


def test_every_api_call_is_described_and_no_page_is(client: TestClient) -> None:
    paths = client.get("/api/openapi.json").json()["paths"]
    assert {"/api/login", "/api/plan", "/api/fit", "/api/bookings"} <= set(paths)
    assert all(path.startswith("/api/") for path in paths)
