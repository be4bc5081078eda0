"""Notification mail goes out through a real SMTP server on loopback (aiosmtpd, started here),
sent by the django-tasks database worker itself (`db_worker --batch`), not by calling the
service: a breach's immediate mail, the daily digest, and a server that is down (the mail
waits with backoff and goes once it is back)."""

from __future__ import annotations

import datetime as dt
import email
import socket
from collections.abc import Iterator
from email.message import Message
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command
from django.utils import timezone
from tests.support.escalations import open_tickets, publish_ladder

from podium.apps.operations.choices import EmailMode, MailStatus
from podium.apps.operations.models import NotificationMail
from podium.apps.operations.services import escalations, notifications
from podium.core import notifications as kinds

pytestmark = pytest.mark.django_db(transaction=True)
T0 = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)
MIN = dt.timedelta(minutes=1)


class Inbox:
    """An aiosmtpd handler that keeps every message it is given."""

    def __init__(self) -> None:
        self.messages: list[tuple[list[str], Message]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        self.messages.append(
            (list(envelope.rcpt_tos), email.message_from_bytes(envelope.original_content))
        )
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def smtp(settings: Any) -> Iterator[tuple[Inbox, int]]:
    port = _free_port()
    handler = Inbox()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 5
    settings.DEFAULT_FROM_EMAIL = "podium@podium.test"
    settings.PODIUM_PUBLIC_URL = "https://podium.example"
    try:
        yield handler, port
    finally:
        controller.stop()


def _run_worker() -> None:
    call_command("db_worker", batch=True, startup_delay=False, reload=False, interval=0.05)


@pytest.fixture
def breached(world: Any, settings: Any) -> Any:
    settings.ESCALATION_WARNING_SHARE = 0.8
    publish_ladder(world.supplier_a.slug, [10, 20])
    for name, user in world.users.items():
        user.email = f"{name}@example.test"
        user.save(update_fields=["email"])
    (ticket,) = open_tickets(
        ["INC-M1"], party_id=world.supplier_a.pk, opened_at=T0, target_seconds=3600, now=T0
    )
    return ticket


def test_a_breach_mails_each_user_at_once_through_the_worker(
    world: Any, smtp: tuple[Inbox, int], breached: Any
) -> None:
    inbox, _ = smtp
    for user in (world.users["party_member"], world.users["party_manager"]):
        notifications.set_email_preferences(acting_user=user, modes={kinds.STEP: EmailMode.OFF})
    escalations.sweep(now=T0 + 49 * MIN)  # the warning: into the digest by default
    escalations.sweep(now=T0 + 61 * MIN)  # step 1 (off) and the breach (at once)
    _run_worker()
    assert sorted(to for to, _ in inbox.messages) == [
        ["party_manager@example.test"],
        ["party_member@example.test"],
    ]
    _, message = inbox.messages[0]
    assert message["Subject"] == "Podium: INC-M1 breached its target (due 2026-11-02 10:00 UTC)"
    assert message["From"] == "podium@podium.test"
    body = message.get_payload(decode=True).decode()
    assert "https://podium.example/operations/tickets/INC-M1/" in body
    assert set(NotificationMail.objects.values_list("status", flat=True)) == {MailStatus.SENT}
    # the worker again: nothing is sent twice
    _run_worker()
    assert len(inbox.messages) == 2


def test_the_digest_goes_once_through_the_worker_and_groups_the_day(
    world: Any, smtp: tuple[Inbox, int], breached: Any, settings: Any
) -> None:
    inbox, _ = smtp
    member = world.users["party_member"]
    notifications.set_email_preferences(
        acting_user=member,
        modes={kinds.WARNING: EmailMode.DIGEST, kinds.BREACH: EmailMode.DIGEST, kinds.STEP: "off"},
    )
    NotificationMail.objects.all().delete()
    escalations.sweep(now=T0 + 61 * MIN)
    settings.NOTIFICATION_DIGEST_HOUR = (timezone.now().hour + 23) % 24  # an hour ago, UTC
    notifications.resume_on_start(now=timezone.now())
    _run_worker()
    mine = [m for to, m in inbox.messages if to == ["party_member@example.test"]]
    assert len(mine) == 1
    assert mine[0]["Subject"] == "Podium daily digest: 2 notifications"
    text = mine[0].get_payload(decode=True).decode()
    assert "Deadline warnings (1)" in text
    assert "Breaches (1)" in text
    notifications.resume_on_start(now=timezone.now())
    _run_worker()
    assert len([m for to, m in inbox.messages if to == ["party_member@example.test"]]) == 1


def test_a_server_that_is_down_delays_the_mail_with_backoff_until_it_is_back(
    world: Any, smtp: tuple[Inbox, int], breached: Any, settings: Any
) -> None:
    inbox, port = smtp
    settings.EMAIL_PORT = _free_port()  # nobody listens there
    escalations.sweep(now=T0 + 61 * MIN)
    before = timezone.now()
    _run_worker()
    mail = NotificationMail.objects.filter(address="party_member@example.test").first()
    assert mail is not None
    assert (mail.status, mail.attempts) == (MailStatus.PENDING, 1)
    assert "Connection" in mail.last_error or "refused" in mail.last_error.lower()
    assert mail.next_attempt_at is not None
    # the first pause is a minute, ±20 %: no sooner than 48 s after the try
    assert mail.next_attempt_at >= before + dt.timedelta(seconds=48)
    assert inbox.messages == []
    settings.EMAIL_PORT = port
    notifications.send_mail(mail.pk, now=mail.next_attempt_at)
    mail.refresh_from_db()
    assert (mail.status, mail.attempts) == (MailStatus.SENT, 2)
    assert [to for to, _ in inbox.messages] == [["party_member@example.test"]]
