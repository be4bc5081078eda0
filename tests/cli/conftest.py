"""A fresh PODIUM_HOME for each command-line test, and homes with the demo loaded (loaded once
per session by `podium demo --no-serve`, then copied for each module that asks; the modules
that ask share the xdist group "demo_home", so one worker loads it once a run)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest


def _clean_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith(("PODIUM_", "DJANGO_"))}


@pytest.fixture
def home(tmp_path: Path) -> dict[str, str]:
    env = _clean_env()
    # The default single-machine set-up: SQLite under PODIUM_HOME, whatever the suite runs on.
    env["PODIUM_HOME"] = str(tmp_path / "home")
    return env


@pytest.fixture(scope="session")
def _demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    env = _clean_env()
    env["PODIUM_HOME"] = str(tmp_path_factory.mktemp("demo-template") / "home")
    loaded = subprocess.run(
        [sys.executable, "-m", "podium", "demo", "--no-serve"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert loaded.returncode == 0, loaded.stderr
    return Path(env["PODIUM_HOME"])


@pytest.fixture(scope="module")
def demo_home(_demo_template: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """A home of its own for the module, holding the demo as `podium demo` loads it."""
    env = _clean_env()
    copy = tmp_path_factory.mktemp("demo") / "home"
    shutil.copytree(_demo_template, copy)
    env["PODIUM_HOME"] = str(copy)
    return env
