"""The demo ecosystem of October 2026 (one month of history), loaded once per module inside a
transaction rolled back at its end; each test runs in a savepoint within it."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from typing import Any

import pytest
from tests.support.rolled_back import module_transaction

END = dt.date(2026, 10, 31)
MONTH = dt.date(2026, 10, 1)


@pytest.fixture(autouse=True, scope="session")
def _poppler() -> None:
    """The PDF tests read PDFs with poppler's tools (Debian's poppler-utils)."""
    assert shutil.which("pdftoppm"), "pdftoppm is missing: `make system-packages` installs it"


@pytest.fixture(scope="module")
def _demo_rows(django_db_setup: Any, django_db_blocker: Any) -> Iterator[Any]:
    from podium.core.synthetic import generate_ecosystem
    from podium.site.demo import load_demo

    with module_transaction(django_db_blocker):
        yield load_demo(generate_ecosystem(end=END, months=1))


@pytest.fixture
def demo(_demo_rows: Any, db: Any) -> Any:
    return _demo_rows
