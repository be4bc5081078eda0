"""Background housekeeping run by `podium worker`."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from podium.platform.models import LoginAttempt


@task()
def prune_login_attempts() -> int:
    """Forget failed log-ins older than the throttling window; returns how many went."""
    cutoff = timezone.now() - dt.timedelta(seconds=settings.LOGIN_THROTTLE_WINDOW_SECONDS)
    deleted, _ = LoginAttempt.objects.filter(at__lt=cutoff).delete()
    return deleted
