"""Background work of shared goals, run by `podium worker`: every metric-bound key result is
measured again by the engine on a schedule (hourly), so its page shows today's value between
check-ins.

The schedule is a chain: each run queues the next one first (so a worker that dies mid-run
leaves the next behind); `podium worker` starts the chain when it starts, and a chain already
queued is not doubled.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django_tasks import task

REFRESH_EVERY = dt.timedelta(hours=1)


def _queued_later() -> bool:
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(
        task_path=refresh_key_results.module_path, status="READY"
    ).exists()


def schedule_refresh(*, after: dt.datetime | None = None) -> bool:
    """Queue the next measurement (at `after`, or now) unless one is queued; whether it was."""
    if _queued_later():
        return False
    chosen = refresh_key_results if after is None else refresh_key_results.using(run_after=after)
    chosen.enqueue()
    return True


@task()
def refresh_key_results() -> int:
    """Measure every metric-bound key result of a running period; returns how many changed."""
    from podium.apps.goals.services.objectives import refresh_key_results as refresh

    now = timezone.now()
    schedule_refresh(after=now + REFRESH_EVERY)
    return refresh(now=now)
