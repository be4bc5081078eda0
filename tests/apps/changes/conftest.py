"""The change tests' world: the small world (tests/support/world.py) with its planned changes
(tests/support/changes.py)."""

from __future__ import annotations

from typing import Any

import pytest
from tests.support.changes import Changes, build_changes


@pytest.fixture
def planned(world: Any) -> Changes:
    return build_changes(world)
