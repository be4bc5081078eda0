"""Test-wide fixtures: fast password hashing and the two-supplier world (tests/support/world.py)."""

from __future__ import annotations

from typing import Any

import pytest
from tests.support.world import PASSWORD, World, build_world


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    """Argon2 is slow on purpose; tests that do not test hashing use a fast hasher."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def world(db: Any) -> World:
    return build_world()


@pytest.fixture
def password() -> str:
    """The password of every user in the test world."""
    return PASSWORD
