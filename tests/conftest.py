"""Test-wide fixtures: the test clock (tests/support/clock.py), fast password hashing and the
two-supplier world (tests/support/world.py)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from tests.support.clock import TEST_NOW
from tests.support.world import PASSWORD, World, build_world


@pytest.fixture(autouse=True, scope="session")
def _test_clock_for_the_session() -> Iterator[None]:
    """Session- and module-scoped fixtures (the authorization matrix's world, loaded demos)
    build their rows on the test day too."""
    with time_machine.travel(TEST_NOW, tick=True):
        yield


@pytest.fixture(autouse=True)
def _test_clock(_test_clock_for_the_session: None) -> Iterator[None]:
    """Every test starts at TEST_NOW, whatever ran before it, and the clock ticks from there."""
    with time_machine.travel(TEST_NOW, tick=True):
        yield


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


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """After the fuzzing suites, say how many requests they made and how they were answered."""
    from tests.support import fuzzing

    for line in fuzzing.summary():
        terminalreporter.write_line(line)
