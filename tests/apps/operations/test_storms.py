"""Storms: when one batch of the sweep would tell one user (or one webhook) of more firings
than the threshold — a worker back after a downtime finds every ticket due at once — the user
gets one notification per kind of firing and party, counting what it groups and opening the
escalations list filtered to exactly those firings, and a webhook one grouped CloudEvent per
kind and party; the escalations themselves are still written one per firing, once."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from tests.support.escalations import open_tickets, publish_ladder

from podium.apps.operations.models import (
    Delivery,
    Escalation,
    Notification,
    NotificationMail,
    TicketHolder,
)
from podium.apps.operations.services import escalations, notifications
from podium.core import notifications as kinds

pytestmark = pytest.mark.django_db
T0 = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)
LATE = T0 + dt.timedelta(hours=2)  # every ticket's warning, first step and breach are owed


@pytest.fixture
def storm(world: Any, settings: Any) -> dict[str, list[Any]]:
    """Four tickets held by supplier A (whose ladder's one step reaches A) and three held by
    supplier B (no ladder: a warning and a breach each), all opened at 09:00 against a one-hour
    target; supplier B once held A's first ticket, so B's users may see it too."""
    settings.ESCALATION_WARNING_SHARE = 0.8
    settings.NOTIFICATION_GROUP_THRESHOLD = 5
    publish_ladder(world.supplier_a.slug, [10])
    held_by_a = open_tickets(
        [f"INC-A{i}" for i in range(4)],
        party_id=world.supplier_a.pk,
        opened_at=T0,
        target_seconds=3600,
        now=T0,
    )
    held_by_b = open_tickets(
        [f"INC-B{i}" for i in range(3)],
        party_id=world.supplier_b.pk,
        opened_at=T0,
        target_seconds=3600,
        now=T0,
    )
    TicketHolder.objects.create(ticket=held_by_a[0], party=world.supplier_b, first_held_at=T0)
    for name, user in world.users.items():
        user.email = f"{name}@example.test"
        user.save(update_fields=["email"])
    return {"a": held_by_a, "b": held_by_b}


def _inbox(user: Any) -> list[tuple[str, int, str]]:
    return [
        (n.event_type.rsplit(".", 1)[-1], n.grouped_count, n.title)
        for n in Notification.objects.filter(user=user).order_by("id")
    ]


def _listed(user: Any, link: str) -> list[str]:
    """The tickets the grouped notification's link lists to `user` (the page's CSV)."""
    client = Client()
    client.force_login(user)
    page = client.get(link)
    assert page.status_code == 200
    exported = client.get(link + "&export=csv")
    assert exported["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(exported.streaming_content).decode())))
    return sorted(row[0] for row in rows[1:])


def test_below_the_threshold_each_firing_is_told_one_by_one(
    world: Any, settings: Any, storm: dict[str, list[Any]]
) -> None:
    settings.NOTIFICATION_GROUP_THRESHOLD = 12  # A's users hear of exactly 12 firings
    escalations.sweep(now=LATE)
    member = world.users["party_member"]
    told = _inbox(member)
    assert len(told) == 12
    assert {kind for kind, _, _ in told} == {"warning", "step", "breach"}
    assert all(count == 0 for _, count, _ in told)


def test_above_the_threshold_a_user_gets_one_notification_per_kind_and_party(
    world: Any, storm: dict[str, list[Any]]
) -> None:
    summary = escalations.sweep(now=LATE)
    # the audit trail is untouched: one escalation per firing
    assert summary.fired_total == 4 * 3 + 3 * 2 == Escalation.objects.count()
    member = world.users["party_member"]
    assert _inbox(member) == [
        ("grouped", 4, "4 tickets near their target (sweep of 2026-11-02 11:00 UTC)"),
        ("grouped", 4, "4 tickets escalated to alpha (sweep of 2026-11-02 11:00 UTC)"),
        ("grouped", 4, "4 tickets breached their target (sweep of 2026-11-02 11:00 UTC)"),
    ]
    assert _inbox(world.users["party_manager"]) == _inbox(member)
    breaches = Notification.objects.get(user=member, title__contains="breached")
    assert breaches.link.startswith(reverse("operations:escalation_list") + "?")
    assert _listed(member, breaches.link) == ["INC-A0", "INC-A1", "INC-A2", "INC-A3"]
    # the inbox opens it as any notification: marked read on the way to the list
    client = Client()
    client.force_login(member)
    opened = client.post(f"/operations/inbox/{breaches.pk}/read/", {"open": "1"})
    assert (opened.status_code, opened["Location"]) == (302, breaches.link)
    # one immediate mail for what the sweep told the user, naming the counts
    (mail,) = NotificationMail.objects.filter(user=member)
    assert "4 tickets breached their target" in mail.text
    # the same sweep again tells nobody anything
    escalations.sweep(now=LATE)
    assert Notification.objects.filter(user=member).count() == 3


def test_a_user_who_sees_some_of_the_tickets_counts_those_it_is_told_of_only(
    world: Any, storm: dict[str, list[Any]]
) -> None:
    escalations.sweep(now=LATE)
    other = world.users["other_party_member"]
    # B's users see INC-A0 (B held it once) but A holds it: they are told of B's three only
    assert sorted(_inbox(other)) == [
        ("grouped", 3, "3 tickets breached their target (sweep of 2026-11-02 11:00 UTC)"),
        ("grouped", 3, "3 tickets near their target (sweep of 2026-11-02 11:00 UTC)"),
    ]
    warnings = Notification.objects.get(user=other, title__contains="near")
    assert _listed(other, warnings.link) == ["INC-B0", "INC-B1", "INC-B2"]
    # the integrator's staff were told of nothing (no firing reaches the office)
    assert _inbox(world.users["integrator_admin"]) == []


def test_later_batches_of_the_sweep_add_to_the_grouped_notification(
    world: Any, settings: Any, storm: dict[str, list[Any]]
) -> None:
    settings.NOTIFICATION_GROUP_THRESHOLD = 2
    escalations.sweep(now=LATE, batch_size=2)  # four batches, A's tickets in two of them or more
    member = world.users["party_member"]
    told = _inbox(member)
    assert sorted(kind_count[:2] for kind_count in told) == [("grouped", 4)] * 3
    assert Notification.objects.filter(user=member, event_type=kinds.GROUPED).count() == 3
    # mailed once, with the first batch that grouped
    assert NotificationMail.objects.filter(user=member).count() == 1


def test_a_webhook_in_a_storm_gets_one_grouped_cloudevent_per_kind_and_party(
    world: Any, storm: dict[str, list[Any]]
) -> None:
    notifications.create_webhook(
        acting_user=None,
        party=world.supplier_a,
        callback="https://hooks.example/podium",
        event_types=[],
        now=T0,
    )
    escalations.sweep(now=LATE)
    sent = list(Delivery.objects.order_by("id"))
    assert {d.event_type for d in sent} == {kinds.GROUPED}
    events = sorted((json.loads(d.body) for d in sent), key=lambda e: e["data"]["kind"])
    assert [(e["data"]["kind"], e["data"]["count"]) for e in events] == [
        ("breach", 4),
        ("step", 4),
        ("warning", 4),
    ]
    # A's webhook hears of A's tickets, INC-A0 included, never of B's
    assert events[0]["data"]["tickets"] == ["INC-A0", "INC-A1", "INC-A2", "INC-A3"]
    assert events[0]["data"]["truncated"] is False
    assert events[0]["data"]["party"] == "alpha"
    assert "/operations/escalations/?" in events[0]["data"]["link"]


def test_a_webhook_below_the_threshold_gets_each_event(
    world: Any, settings: Any, storm: dict[str, list[Any]]
) -> None:
    settings.NOTIFICATION_GROUP_THRESHOLD = 50
    notifications.create_webhook(
        acting_user=None,
        party=world.supplier_a,
        callback="https://hooks.example/podium",
        event_types=[],
        now=T0,
    )
    escalations.sweep(now=LATE)
    assert Delivery.objects.count() == 12
    assert not Delivery.objects.filter(event_type=kinds.GROUPED).exists()


def test_the_escalations_path_grouped_notifications_link_to_is_the_list_page() -> None:
    assert reverse("operations:escalation_list") == notifications.ESCALATIONS_PATH
