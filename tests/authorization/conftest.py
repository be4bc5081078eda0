"""The matrix world: built once per module, each test in a savepoint within it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from tests.authorization import registry
from tests.support.rolled_back import module_transaction
from tests.support.world import build_world


@pytest.fixture(scope="module")
def _matrix_world_rows(django_db_setup: Any, django_db_blocker: Any) -> Iterator[Any]:
    """Build the world once for the whole module, inside a transaction rolled back at the end;
    each test runs in a savepoint within it (as Django's setUpTestData does), so a write one
    test makes never reaches the next."""
    with module_transaction(django_db_blocker):
        world = build_world()
        for module in registry.MODULES:
            build = getattr(module, "build", None)
            if build is not None:
                build(world)
        yield world


@pytest.fixture
def matrix_world(_matrix_world_rows: Any, db: Any) -> Any:
    return _matrix_world_rows
