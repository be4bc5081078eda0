"""A fresh PODIUM_HOME for each command-line test."""

from __future__ import annotations

import os
from pathlib import Path

import pytest


@pytest.fixture
def home(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PODIUM_", "DJANGO_"))}
    # The default single-machine set-up: SQLite under PODIUM_HOME, whatever the suite runs on.
    env["PODIUM_HOME"] = str(tmp_path / "home")
    return env
