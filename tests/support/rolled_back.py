"""Rows built once for a whole module and read by each of its tests, as Django's setUpTestData
does: written inside one transaction that is rolled back at the end, while each test runs in a
savepoint within it (its `db` fixture), so what one test writes never reaches the next."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import transaction
from django.test import override_settings

FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@contextmanager
def module_transaction(django_db_blocker: Any) -> Iterator[None]:
    """Open the module's transaction (from a module-scoped fixture that asks for
    `django_db_setup` and `django_db_blocker`); build its rows inside, then yield them.
    Passwords set inside are hashed as the tests hash them (tests/conftest.py), so the tests
    can log the users in."""
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHERS):
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
