"""Login throttling: too many failures for one user name or one address lock log-in for a while."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from podium.platform.models import LoginAttempt
from podium.platform.tasks import prune_login_attempts


def _window_start() -> dt.datetime:
    return timezone.now() - dt.timedelta(seconds=settings.LOGIN_THROTTLE_WINDOW_SECONDS)


def is_locked_out(username: str, address: str | None) -> bool:
    recent = LoginAttempt.objects.filter(at__gte=_window_start())
    by_name = recent.filter(username__iexact=username).count()
    by_address = recent.filter(address=address).count() if address else 0
    limit: int = settings.LOGIN_THROTTLE_ATTEMPTS
    return by_name >= limit or by_address >= limit * 4


def note_failure(username: str, address: str | None) -> None:
    LoginAttempt.objects.create(username=username[:150], address=address)
    transaction.on_commit(prune_login_attempts.enqueue)


def clear_failures(username: str, address: str | None) -> None:
    LoginAttempt.objects.filter(Q(username__iexact=username) | Q(address=address)).delete()
