"""The checker's small three-day spa, for the score's tests (one builder for both)."""

from __future__ import annotations

import pytest

from tests.check.conftest import Spa, base_scenario


@pytest.fixture
def spa() -> Spa:
    return Spa(base_scenario())
