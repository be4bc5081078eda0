"""Major incidents: declared from an open ticket by the integrator (once), the bridge from the
responsibility matrix, the ladder and the holders, with contacts and hours; status updates
from the integrator or a party on the bridge; closed with a review and its follow-up (every
write audited, every refusal naming its field); seen by whoever sees the ticket or sits on the
bridge; and read by the change calendar as an open major incident."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from tests.support.clock import TEST_NOW
from tests.support.escalations import publish_ladder

from podium.apps.governance.services import raci
from podium.apps.operations import selectors as operations
from podium.apps.operations.choices import MajorIncidentStatus
from podium.apps.operations.models import (
    Delivery,
    MajorIncident,
    Notification,
    NotificationMail,
    Ticket,
)
from podium.apps.operations.selectors import major_incidents as selectors
from podium.apps.operations.services import major_incidents, notifications
from podium.core import notifications as kinds
from podium.platform.models import AuditEvent

pytestmark = pytest.mark.django_db


def _client(world: Any, role: str) -> Client:
    client = Client()
    client.force_login(world.users[role])
    return client


def _beta_member(world: Any) -> Client:
    client = Client()
    client.force_login(world.users["other_party_member"])
    return client


@pytest.fixture
def declared(world: Any) -> MajorIncident:
    """INC-A (alpha's) declared; the matrix makes beta Consulted on the web shop."""
    activity = raci.ensure_activity(
        acting_user=None, code="incident-resolution", name="Incident resolution"
    )
    raci.assign(
        acting_user=None, obj=world.service_a, activity=activity, party=world.supplier_b, role="C"
    )
    return major_incidents.declare_major_incident(
        acting_user=world.users["integrator_admin"],
        ticket=world.ticket_a,
        title="Web shop down",
        now=TEST_NOW,
    )


def test_declaring_calls_the_matrix_the_ladder_and_the_holders_to_the_bridge(
    world: Any,
) -> None:
    ladder = publish_ladder(world.integrator.slug, [10])
    Ticket.objects.filter(pk=world.ticket_a.pk).update(escalation_ladder=ladder)
    world.ticket_a.refresh_from_db()
    activity = raci.ensure_activity(
        acting_user=None, code="incident-resolution", name="Incident resolution"
    )
    raci.assign(
        acting_user=None, obj=world.service_a, activity=activity, party=world.supplier_b, role="C"
    )
    incident = major_incidents.declare_major_incident(
        acting_user=world.users["integrator_analyst"],
        ticket=world.ticket_a,
        title="Web shop down",
        now=TEST_NOW,
    )
    members = {m.party.slug: m for m in selectors.bridge(incident, TEST_NOW)}
    assert set(members) == {"office", "alpha", "beta"}
    assert members["beta"].reasons == ("C on the service",)
    assert "ladder step 1 (service manager)" in members["office"].reasons
    assert "held the ticket" in members["alpha"].reasons
    assert [c.email for c in members["alpha"].contacts] == ["lead@alpha.example"]
    assert AuditEvent.objects.filter(action="operations.major_incident.declared").count() == 1


def test_a_ticket_is_declared_once_and_only_while_open(world: Any, declared: Any) -> None:
    admin = world.users["integrator_admin"]
    with pytest.raises(ValidationError) as error:
        major_incidents.declare_major_incident(
            acting_user=admin, ticket=world.ticket_a, title="Again", now=TEST_NOW
        )
    assert "ticket" in error.value.message_dict
    Ticket.objects.filter(pk=world.ticket_b.pk).update(status="resolved")
    world.ticket_b.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        major_incidents.declare_major_incident(
            acting_user=admin, ticket=world.ticket_b, title="Late", now=TEST_NOW
        )
    assert "only an open ticket" in error.value.message_dict["ticket"][0]
    with pytest.raises(PermissionDenied):
        major_incidents.declare_major_incident(
            acting_user=world.users["party_manager"], ticket=world.ticket_b, title="x", now=TEST_NOW
        )


def test_parties_on_the_bridge_post_updates_and_others_may_not(world: Any, declared: Any) -> None:
    major_incidents.post_incident_update(
        acting_user=world.users["other_party_member"],
        incident=declared,
        phase="investigating",
        text="Our WAN looks fine from here.",
        now=TEST_NOW,
    )
    [update] = selectors.incident_updates(declared)
    assert (update.party, update.phase) == (world.supplier_b, "investigating")
    with pytest.raises(PermissionDenied):
        major_incidents.post_incident_update(
            acting_user=world.users["auditor"],
            incident=declared,
            phase="investigating",
            text="x",
            now=TEST_NOW,
        )
    with pytest.raises(ValidationError) as error:
        major_incidents.post_incident_update(
            acting_user=world.users["integrator_analyst"],
            incident=declared,
            phase="sleeping",
            text="x",
            now=TEST_NOW,
        )
    assert "phase" in error.value.message_dict


def test_closing_asks_for_the_review_and_the_follow_up(world: Any, declared: Any) -> None:
    admin = world.users["integrator_admin"]
    with pytest.raises(ValidationError) as error:
        major_incidents.close_major_incident(
            acting_user=admin,
            incident=declared,
            review="",
            follow_up=" ",
            retrospective_due_on=dt.date(2020, 1, 1),
            now=TEST_NOW,
        )
    assert set(error.value.message_dict) == {"review", "follow_up", "retrospective_due_on"}
    assert MajorIncident.objects.get().status == MajorIncidentStatus.OPEN
    closed = major_incidents.close_major_incident(
        acting_user=admin,
        incident=declared,
        review="A certificate expired on the cluster's ingress.",
        follow_up="Retrospective with alpha and beta in the next tactical board.",
        retrospective_due_on=TEST_NOW.date() + dt.timedelta(days=7),
        now=TEST_NOW,
    )
    assert (closed.status, closed.closed_at) == (MajorIncidentStatus.CLOSED, TEST_NOW)
    assert AuditEvent.objects.get(action="operations.major_incident.closed").after["status"] == (
        "closed"
    )
    with pytest.raises(ValidationError) as error:
        major_incidents.post_incident_update(
            acting_user=admin, incident=closed, phase="resolved", text="x", now=TEST_NOW
        )
    assert "text" in error.value.message_dict


def test_the_bridge_sees_the_incident_and_others_do_not(world: Any, declared: Any) -> None:
    url = reverse("operations:major_incident_detail", args=[declared.pk])
    page = _beta_member(world).get(url)
    assert page.status_code == 200
    assert "Web shop down" in page.content.decode()
    # beta never held INC-A: the page names it without a link to the ticket
    assert reverse("operations:ticket_detail", args=["INC-A"]) not in page.content.decode()
    assert _client(world, "party_member").get(url).status_code == 200
    declared.parties.remove(world.supplier_b)
    assert _beta_member(world).get(url).status_code == 404


def test_the_pages_declare_update_and_close(world: Any) -> None:
    admin = _client(world, "integrator_admin")
    ticket_url = reverse("operations:ticket_detail", args=["INC-A"])
    assert "Declare a major incident" in admin.get(ticket_url).content.decode()
    assert (
        "Declare a major incident"
        not in _client(world, "party_member").get(ticket_url).content.decode()
    )
    declare = reverse("operations:major_incident_declare", args=["INC-A"])
    assert admin.post(declare, {"title": ""}).status_code == 200
    answer = admin.post(declare, {"title": "Web shop down"})
    incident = MajorIncident.objects.get()
    assert answer["Location"] == reverse("operations:major_incident_detail", args=[incident.pk])
    assert "Major incident (open)" in admin.get(ticket_url).content.decode()
    update = reverse("operations:major_incident_update", args=[incident.pk])
    member = _client(world, "party_member")
    assert (
        member.post(update, {"phase": "identified", "text": "Ingress certificate."}).status_code
        == 302
    )
    close = reverse("operations:major_incident_close", args=[incident.pk])
    refused = admin.post(close, {"review": "", "follow_up": ""})
    assert refused.status_code == 200
    assert 'id="id_follow_up-error"' in refused.content.decode()
    assert (
        admin.post(close, {"review": "Expired.", "follow_up": "Retrospective."}).status_code == 302
    )
    page = member.get(
        reverse("operations:major_incident_detail", args=[incident.pk])
    ).content.decode()
    assert "Ingress certificate." in page
    assert 'id="follow-up">Retrospective.' in page
    listing = member.get(reverse("operations:major_incident_list")).content.decode()
    assert "Web shop down" in listing


def test_the_change_calendar_reads_a_declared_incident_as_open(world: Any, declared: Any) -> None:
    # INC-A is a P2: only its declaration makes it a major incident
    assert ("INC-A", world.service_a.pk, world.supplier_a.pk) in operations.open_major_incidents()
    major_incidents.close_major_incident(
        acting_user=None,
        incident=declared,
        review="Done.",
        follow_up="None needed.",
        retrospective_due_on=None,
        now=TEST_NOW,
    )
    assert all(r[0] != "INC-A" for r in operations.open_major_incidents())


def _told(event_type: str) -> dict[str, int]:
    """Per username, how many notifications of `event_type` it has."""

    return dict(
        Counter(
            Notification.objects.filter(event_type=event_type).values_list(
                "user__username", flat=True
            )
        )
    )


def test_the_bridge_hears_of_the_declaration_each_update_and_the_close_once_each(
    world: Any,
) -> None:
    for name, user in world.users.items():
        user.email = f"{name}@example.test"
        user.save(update_fields=["email"])
    for party in (world.supplier_a, world.supplier_b):
        notifications.create_webhook(
            acting_user=None,
            party=party,
            callback=f"https://{party.slug}.example/hooks",
            event_types=[],
            now=TEST_NOW,
        )
    # beta neither holds INC-A nor sits on its matrix: the bridge is the office and alpha
    incident = major_incidents.declare_major_incident(
        acting_user=world.users["integrator_admin"],
        ticket=world.ticket_a,
        title="Web shop down",
        now=TEST_NOW,
    )
    bridge = {"integrator-admin", "integrator-analyst", "party-member", "party-manager"}
    declared = _told(kinds.MAJOR_INCIDENT_DECLARED)
    assert bridge <= set(declared)
    assert set(declared.values()) == {1}
    assert "beta-member" not in declared
    assert "auditor" not in declared
    for text in ("Looking at the ingress.", "Ingress restarted."):
        major_incidents.post_incident_update(
            acting_user=world.users["party_member"],
            incident=incident,
            phase="investigating",
            text=text,
            now=TEST_NOW + dt.timedelta(minutes=5),
        )
    updates = _told(kinds.MAJOR_INCIDENT_UPDATE)
    # once per update to each user of the bridge; the author wrote it
    assert "party-member" not in updates
    assert updates["party-manager"] == 2
    assert updates["integrator-analyst"] == 2
    assert "beta-member" not in updates
    (latest, _) = Notification.objects.filter(
        user=world.users["party_manager"], event_type=kinds.MAJOR_INCIDENT_UPDATE
    ).order_by("-id")[:2]
    assert latest.link == reverse("operations:major_incident_detail", args=[incident.pk])
    assert latest.detail == "Ingress restarted."
    # at once by e-mail (the default for updates): one mail per update per user
    assert NotificationMail.objects.filter(user=world.users["party_manager"]).count() == 3
    major_incidents.close_major_incident(
        acting_user=world.users["integrator_admin"],
        incident=incident,
        review="The ingress certificate expired.",
        follow_up="Retrospective with alpha.",
        retrospective_due_on=TEST_NOW.date(),
        now=TEST_NOW + dt.timedelta(hours=1),
    )
    assert _told(kinds.MAJOR_INCIDENT_CLOSED)["party-member"] == 1
    # alpha's webhook heard each event as a CloudEvent, beta's nothing
    hooks = Delivery.objects.filter(kind="cloudevent")
    assert sorted(hooks.values_list("event_type", flat=True)) == sorted(
        [
            kinds.MAJOR_INCIDENT_DECLARED,
            kinds.MAJOR_INCIDENT_UPDATE,
            kinds.MAJOR_INCIDENT_UPDATE,
            kinds.MAJOR_INCIDENT_CLOSED,
        ]
    )
    assert set(hooks.values_list("subscription__party__slug", flat=True)) == {"alpha"}
    first = hooks.filter(event_type=kinds.MAJOR_INCIDENT_UPDATE).order_by("id").first()
    assert first is not None
    update = json.loads(first.body)
    assert update["subject"] == "INC-A"
    assert update["data"]["party"] == "alpha"
    assert update["data"]["bridge"] == sorted(["alpha", "office"])
    assert update["data"]["text"] == "Looking at the ingress."


def test_the_incident_path_notifications_link_to_is_the_incident_pages() -> None:
    assert major_incidents.INCIDENT_PATH.format(7) == reverse(
        "operations:major_incident_detail", kwargs={"pk": 7}
    )


def test_a_user_chooses_how_major_incidents_reach_them_by_e_mail(world: Any) -> None:
    client = _client(world, "party_member")
    url = "/api/v1/operations/notification-preferences"
    assert client.get(url).json()["major_incident_update"] == "immediately"
    answer = client.put(url, {"major_incident_update": "digest"}, content_type="application/json")
    assert answer.status_code == 200, answer.content
    assert (
        notifications.email_preferences(world.users["party_member"])[kinds.MAJOR_INCIDENT_UPDATE]
        == "digest"
    )
