"""Background work of operations, run by `podium worker`: sending the outbox (hub events and
calls to parties' TMF621 servers), reading back what bonded parties changed, and sweeping due
deadlines into warnings, breaches and escalation steps, and mailing notifications (at once
or in the daily digest)."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task


@task()
def deliver(delivery_id: int) -> str:
    """Try one delivery once, if it is due; returns its status afterwards."""
    from podium.apps.operations.services import hub

    delivery = hub.attempt(delivery_id, now=timezone.now())
    return delivery.status if delivery is not None else "gone"


@task()
def poll_endpoint(endpoint_id: int) -> int:
    """Read back the tickets kept at one party's endpoint, if its poll is due (the next poll
    is queued first); returns how many tickets changed."""
    from podium.apps.operations.services import bonding

    return bonding.poll_when_due(endpoint_id, now=timezone.now())


# Ahead of everything else in the queue: a backlog of deliveries never delays a sweep.
SWEEP_PRIORITY = 50


@task(priority=SWEEP_PRIORITY)
def sweep_deadlines() -> int:
    """Fire what open tickets owe at their deadlines, if a sweep is due (the next sweep is
    queued first); returns how many escalations fired."""
    from podium.apps.operations.services import escalations

    return escalations.sweep_when_due(now=timezone.now())


@task()
def send_mail(mail_id: int) -> str:
    """Send one owed notification mail once, if it is due; returns its status afterwards."""
    from podium.apps.operations.services import notifications

    mail = notifications.send_mail(mail_id, now=timezone.now())
    return mail.status if mail is not None else "gone"


@task()
def send_digests() -> int:
    """Write the daily digests that are due, if a check is owed (the next check is queued
    first); returns how many digests were written."""
    from podium.apps.operations.services import notifications

    return notifications.digests_when_due(now=timezone.now())
