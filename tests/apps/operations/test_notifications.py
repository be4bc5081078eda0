"""Who hears of what, once: the sweep's warnings, breaches and ladder steps and a ticket coming
to a party reach the inbox of the users who may see the ticket, one notification per user and
event however often the sweep runs or the ticket is updated; immediate mail groups what one
firing told a user, digests group a day's worth per user."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from tests.support.escalations import open_tickets, publish_ladder

from podium.apps.operations.choices import EmailMode
from podium.apps.operations.models import Notification, NotificationMail, Ticket
from podium.apps.operations.services import escalations, notifications, tickets
from podium.core import notifications as kinds
from podium.core.tmf621 import read_ticket

pytestmark = pytest.mark.django_db
T0 = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)
MIN = dt.timedelta(minutes=1)


def inbox(user: Any) -> list[tuple[str, str]]:
    return [
        (n.event_type.rsplit(".", 1)[-1], n.title)
        for n in Notification.objects.filter(user=user).order_by("id")
    ]


@pytest.fixture
def ticket(world: Any, settings: Any) -> Ticket:
    """Held by supplier A, a one-hour target: warning 09:48, step 1 (to A) 09:58, breach 10:00,
    step 2 (to the integrator's office) 10:18."""
    settings.ESCALATION_WARNING_SHARE = 0.8
    publish_ladder(world.supplier_a.slug, [10, 20])
    from podium.apps.governance.models import EscalationStep

    EscalationStep.objects.filter(position=2).update(party=world.integrator)
    (opened,) = open_tickets(
        ["INC-N1"], party_id=world.supplier_a.pk, opened_at=T0, target_seconds=3600, now=T0
    )
    return opened


def test_each_firing_reaches_the_users_it_concerns_once_however_often_the_sweep_runs(
    world: Any, ticket: Ticket
) -> None:
    for minute in (49, 49, 58, 60, 60, 78, 90, 200):
        escalations.sweep(now=T0 + minute * MIN)
    member, manager = world.users["party_member"], world.users["party_manager"]
    assert inbox(member) == [
        ("warning", "INC-N1 nears its target (due 2026-11-02 09:48 UTC)"),
        ("step", "INC-N1 escalated: step 1 (operational) to alpha by email"),
        ("breach", "INC-N1 breached its target (due 2026-11-02 10:00 UTC)"),
    ]
    assert inbox(manager) == inbox(member)
    # step 2 reaches the integrator's office: its staff, never its auditor nor supplier B
    assert inbox(world.users["integrator_admin"]) == [
        ("step", "INC-N1 escalated: step 2 (tactical) to office by email")
    ]
    assert inbox(world.users["integrator_analyst"]) == inbox(world.users["integrator_admin"])
    assert inbox(world.users["auditor"]) == []
    assert inbox(world.users["other_party_member"]) == []
    first = Notification.objects.filter(user=member).order_by("id").first()
    assert first is not None
    assert first.link == "/operations/tickets/INC-N1/"


def test_updates_after_a_breach_never_notify_again(world: Any, ticket: Ticket) -> None:
    escalations.sweep(now=T0 + 61 * MIN)
    before = Notification.objects.count()
    for n in range(3):
        change = read_ticket(
            {"note": [{"id": f"n{n}", "text": f"still on it {n}"}]},
            creating=False,
            owner="alpha",
        )
        tickets.update_ticket(
            ticket=ticket, party=world.supplier_a, change=change, now=T0 + (62 + n) * MIN
        )
        escalations.sweep(now=T0 + (62 + n) * MIN)
    assert Notification.objects.count() == before


def test_a_step_to_a_party_that_may_not_see_the_ticket_tells_nobody_there(
    world: Any, ticket: Ticket
) -> None:
    from podium.apps.governance.models import EscalationStep

    EscalationStep.objects.filter(position=1).update(party=world.supplier_b)
    escalations.sweep(now=T0 + 59 * MIN)
    assert inbox(world.users["other_party_member"]) == []


def test_a_ticket_coming_to_a_party_tells_its_users_but_not_when_it_took_it_itself(
    world: Any,
) -> None:
    ticket = world.ticket_a
    change = read_ticket(
        {"relatedParty": [{"role": "assignee", "partyOrPartyRole": {"id": "beta"}}]},
        creating=False,
        owner="office",
    )
    tickets.update_ticket(ticket=ticket, party=world.integrator, change=change, now=T0)
    assert inbox(world.users["other_party_member"]) == [("assigned", "INC-A came to your party")]
    # beta passing it on to itself again, or a note, tells nobody anew
    again = read_ticket({"note": [{"id": "x", "text": "ack"}]}, creating=False, owner="beta")
    tickets.update_ticket(ticket=ticket, party=world.supplier_b, change=again, now=T0 + MIN)
    assert len(inbox(world.users["other_party_member"])) == 1


def test_notify_tells_each_user_once_per_key(world: Any) -> None:
    users = [world.users["party_member"], world.users["party_manager"].pk]
    told = notifications.notify(
        users=users,
        event_type=kinds.STEP,
        key="change-7-approval",
        title="Approve",
        link="/x/",
        now=T0,
    )
    again = notifications.notify(
        users=users,
        event_type=kinds.STEP,
        key="change-7-approval",
        title="Approve",
        link="/x/",
        now=T0,
    )
    assert (told, again) == (2, 0)
    with pytest.raises(ValueError, match="event_type"):
        notifications.notify(users=users, event_type="nope", key="k", title="t", link="/", now=T0)


def _with_addresses(world: Any) -> None:
    for name, user in world.users.items():
        user.email = f"{name}@example.test"
        user.save(update_fields=["email"])


def test_immediate_mail_groups_what_one_sweep_told_a_user(world: Any, ticket: Ticket) -> None:
    _with_addresses(world)
    member = world.users["party_member"]
    notifications.set_email_preferences(
        acting_user=member, modes={kinds.WARNING: EmailMode.IMMEDIATELY}
    )
    escalations.sweep(now=T0 + 70 * MIN)  # warning, step 1 and breach at once
    mails = list(NotificationMail.objects.filter(user=member))
    assert len(mails) == 1
    assert mails[0].subject == "Podium: 3 notifications"
    assert "Breaches (1)" in mails[0].text
    assert "Deadline warnings (1)" in mails[0].text


def test_the_digest_groups_a_day_per_user_and_waits_for_the_users_hour(
    world: Any, ticket: Ticket, settings: Any
) -> None:
    _with_addresses(world)
    settings.NOTIFICATION_DIGEST_HOUR = 8
    member = world.users["party_member"]
    member.time_zone = "Europe/Paris"
    member.save(update_fields=["time_zone"])
    notifications.set_email_preferences(
        acting_user=member,
        modes={kinds.WARNING: EmailMode.DIGEST, kinds.BREACH: EmailMode.DIGEST, kinds.STEP: "off"},
    )
    escalations.sweep(now=T0 + 70 * MIN)  # Monday 10:10 UTC
    assert not NotificationMail.objects.filter(user=member).exists()
    # Paris 08:00 on Tuesday is 07:00 UTC: nothing before it, one digest after it
    assert notifications.send_digests(now=dt.datetime(2026, 11, 3, 6, 59, tzinfo=dt.UTC)) == 0
    assert notifications.send_digests(now=dt.datetime(2026, 11, 3, 7, 1, tzinfo=dt.UTC)) >= 1
    (digest,) = NotificationMail.objects.filter(user=member)
    assert digest.digest
    assert digest.subject == "Podium daily digest: 2 notifications"
    assert digest.text.index("Deadline warnings (1)") < digest.text.index("Breaches (1)")
    assert "Escalation steps" not in digest.text
    assert notifications.send_digests(now=dt.datetime(2026, 11, 3, 7, 2, tzinfo=dt.UTC)) == 0


def test_the_ticket_path_notifications_link_to_is_the_ticket_pages() -> None:
    from django.urls import reverse

    assert notifications.TICKET_PATH.format("INC-1") == reverse(
        "operations:ticket_detail", kwargs={"reference": "INC-1"}
    )
