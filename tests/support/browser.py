"""What the browser tests (tests/browser) do the same way: log in through the log-in page, load
the demo ecosystem behind a live server, and keep their screenshots in one folder."""

from __future__ import annotations

import datetime as dt
import os
from importlib import import_module
from pathlib import Path
from typing import Any

import pytest


def log_in(page: Any, base_url: str, username: str, password: str) -> None:
    """Log in as a person does, through the form of `/login/`, and land on the home page."""
    page.goto(f"{base_url}/login/")
    page.get_by_label("User name").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{base_url}/")


def log_in_to_the_demo(page: Any, base_url: str, username: str) -> None:
    """Log in as one of the demo's users (they share the demo's password)."""
    from podium.core.synthetic import DEMO_PASSWORD

    log_in(page, base_url, username, DEMO_PASSWORD)


def load_the_demo(*, end: dt.date) -> None:
    """The demo ecosystem with a month of history up to `end`.

    Transactional tests before this one empty the tables, the activity catalogue that a
    migration writes included; the demo fills in the matrix of that catalogue, so it is written
    again first."""
    from podium.apps.governance.services import raci
    from podium.core.synthetic import generate_ecosystem
    from podium.site.demo import load_demo

    catalogue = import_module("podium.apps.governance.migrations.0002_default_activities")
    for position, (code, name, description) in enumerate(catalogue.DEFAULT_ACTIVITIES, start=1):
        raci.ensure_activity(
            acting_user=None, code=code, name=name, description=description, position=10 * position
        )
    load_demo(generate_ecosystem(seed=2026, end=end, months=1))


def screenshots_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``$PODIUM_SCREENSHOTS``, else ``screenshots/`` under pytest's base temp (made if need be)."""
    chosen = os.environ.get("PODIUM_SCREENSHOTS")
    folder = Path(chosen) if chosen else tmp_path_factory.getbasetemp() / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder
