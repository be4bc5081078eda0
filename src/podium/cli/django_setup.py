"""Start Django only for commands that need it, so `podium analyze` stays quick to start."""

from __future__ import annotations

import os


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "podium.site.settings")
    import django

    django.setup()


def migrate(*, verbosity: int = 0) -> None:
    """Bring the database schema up to date and create the cache table (both idempotent)."""
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=verbosity)
    call_command("createcachetable", verbosity=verbosity)
