"""The inbox as its user sees it: their own notifications only, opening one marks it read and
goes to its ticket, the top bar's badge counts what is unread, and the e-mail preferences live
on the Preferences page; every mark and choice is in the audit trail."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from podium.apps.operations.models import Notification, NotificationPreference
from podium.apps.operations.services import notifications
from podium.core import notifications as kinds
from podium.platform.models import AuditEvent

pytestmark = pytest.mark.django_db
T0 = dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.UTC)


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def told(world: Any) -> list[Notification]:
    for n, key in enumerate(("one", "two")):
        notifications.notify(
            users=[world.users["party_member"], world.users["other_party_member"]],
            event_type=kinds.BREACH,
            key=key,
            title=f"INC-A breached its target ({key})",
            link="/operations/tickets/INC-A/",
            now=T0 + dt.timedelta(minutes=n),
        )
    return list(Notification.objects.filter(user=world.users["party_member"]).order_by("id"))


def test_the_inbox_lists_only_the_users_own_and_the_badge_counts_the_unread(
    world: Any, told: list[Notification]
) -> None:
    client = _client(world.users["party_member"])
    page = client.get("/operations/inbox/").content.decode()
    assert page.count("INC-A breached its target") == 2
    assert "2 unread" in page
    assert 'aria-label="2 unread"' in client.get("/operations/inbox/badge/").content.decode()
    assert (
        "unread"
        not in _client(world.users["party_manager"])
        .get("/operations/inbox/badge/")
        .content.decode()
    )
    # the top bar asks for the badge after the page has loaded
    assert 'hx-get="/operations/inbox/badge/"' in client.get("/").content.decode()


def test_opening_a_notification_marks_it_read_and_goes_to_its_ticket(
    world: Any, told: list[Notification]
) -> None:
    client = _client(world.users["party_member"])
    first = told[0]
    answer = client.post(f"/operations/inbox/{first.pk}/read/", {"open": "1"})
    assert answer.status_code == 302
    assert answer["Location"] == "/operations/tickets/INC-A/"
    first.refresh_from_db()
    assert first.read_at is not None
    assert AuditEvent.objects.filter(
        action="operations.notification.read", target_id=str(first.pk)
    ).exists()
    # opening it again changes nothing more
    client.post(f"/operations/inbox/{first.pk}/read/", {"open": "1"})
    assert AuditEvent.objects.filter(action="operations.notification.read").count() == 1
    unread = client.get("/operations/inbox/?unread=true").content.decode()
    assert "(two)" in unread
    assert "(one)" not in unread


def test_mark_all_read_marks_only_the_users_own(world: Any, told: list[Notification]) -> None:
    answer = _client(world.users["party_member"]).post("/operations/inbox/read/")
    assert answer.status_code == 302
    assert not Notification.objects.filter(
        user=world.users["party_member"], read_at__isnull=True
    ).exists()
    assert (
        Notification.objects.filter(
            user=world.users["other_party_member"], read_at__isnull=True
        ).count()
        == 2
    )


def test_another_users_notification_is_refused_and_another_partys_is_not_found(
    world: Any, told: list[Notification]
) -> None:
    first = told[0]
    assert (
        _client(world.users["party_manager"])
        .post(f"/operations/inbox/{first.pk}/read/")
        .status_code
        == 403
    )
    assert (
        _client(world.users["other_party_member"])
        .post(f"/operations/inbox/{first.pk}/read/")
        .status_code
        == 404
    )
    first.refresh_from_db()
    assert first.read_at is None


def test_email_preferences_are_a_section_of_the_preferences_page(world: Any) -> None:
    member = world.users["party_member"]
    client = _client(member)
    page = client.get("/preferences/").content.decode()
    assert "E-mail notifications" in page
    assert 'name="email_escalation_breach"' in page
    answer = client.post(
        "/operations/inbox/preferences/",
        {
            "email_escalation_warning": "off",
            "email_escalation_breach": "digest",
            "email_escalation_step": "immediately",
            "email_ticket_assigned": "digest",
            "email_major_incident_declared": "immediately",
            "email_major_incident_update": "immediately",
            "email_major_incident_closed": "digest",
        },
    )
    assert answer.status_code == 302
    assert answer["Location"] == "/preferences/"
    assert dict(
        NotificationPreference.objects.filter(user=member).values_list("event_type", "email")
    ) == {kinds.WARNING: "off", kinds.BREACH: "digest"}  # only what differs from the default
    audit = AuditEvent.objects.get(action="operations.notification_preferences.updated")
    assert audit.after == {kinds.WARNING: "off", kinds.BREACH: "digest"}
    assert notifications.email_preferences(member)[kinds.BREACH] == "digest"
    # a mode that does not exist changes nothing
    client.post("/operations/inbox/preferences/", {"email_escalation_breach": "hourly"})
    assert notifications.email_preferences(member)[kinds.BREACH] == "digest"
