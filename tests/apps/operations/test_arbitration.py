"""Ping-pong arbitration: a ticket bounced between the same two parties as often as the
collaboration agreement allows is flagged to the integrator once, counted on, decided with an
owner and a reason (audited), and seen by the two parties and the integrator only."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from tests.support.bounces import hand_over
from tests.support.clock import TEST_NOW

from podium.apps.governance.services.agreements import publish_agreement
from podium.apps.operations.choices import ArbitrationStatus
from podium.apps.operations.models import Arbitration
from podium.apps.operations.selectors import arbitration as selectors
from podium.apps.operations.services import arbitration
from podium.platform.models import AuditEvent

pytestmark = pytest.mark.django_db
START = TEST_NOW - dt.timedelta(days=1)


def _client(world: Any, role: str) -> Client:
    client = Client()
    client.force_login(world.users[role])
    return client


def test_the_third_bounce_flags_the_pair_once_and_later_bounces_count_on(world: Any) -> None:
    # INC-A: office, alpha; then beta, alpha (1 bounce), beta (2)
    hand_over(world.ticket_a, ["beta", "alpha", "beta"], start=START, sender=world.supplier_a)
    assert not Arbitration.objects.exists()
    hand_over(
        world.ticket_a, ["alpha"], start=START + dt.timedelta(hours=1), sender=world.supplier_a
    )
    flagged = Arbitration.objects.get()
    assert (flagged.party_a, flagged.party_b) == (world.supplier_a, world.supplier_b)
    assert (flagged.bounces, flagged.limit, flagged.status) == (3, 3, ArbitrationStatus.OPEN)
    hand_over(
        world.ticket_a, ["beta"], start=START + dt.timedelta(hours=2), sender=world.supplier_a
    )
    again = Arbitration.objects.get()
    assert again.bounces == 4
    assert again.flagged_at == flagged.flagged_at
    assert AuditEvent.objects.filter(action="operations.arbitration.flagged").count() == 1


def test_the_limit_is_the_collaboration_agreements(world: Any) -> None:
    publish_agreement(
        acting_user=None,
        title="Rules of the club",
        text="Hand tickets on with care.",
        effective_from=TEST_NOW.date(),
        ping_pong_limit=1,
    )
    hand_over(world.ticket_a, ["beta", "alpha"], start=START, sender=world.supplier_a)
    assert Arbitration.objects.get().limit == 1


def test_a_history_loaded_in_bulk_is_reviewed_over_its_open_tickets(world: Any) -> None:
    hand_over(
        world.ticket_a, ["beta", "alpha", "beta", "alpha"], start=START, sender=world.supplier_a
    )
    Arbitration.objects.all().delete()
    assert len(arbitration.review_open_tickets(now=TEST_NOW)) == 1
    assert arbitration.review_open_tickets(now=TEST_NOW) == []


@pytest.fixture
def flagged(world: Any) -> Arbitration:
    hand_over(
        world.ticket_a, ["beta", "alpha", "beta", "alpha"], start=START, sender=world.supplier_a
    )
    return Arbitration.objects.get()


def test_the_integrator_decides_the_owner_with_a_reason(world: Any, flagged: Arbitration) -> None:
    decided = arbitration.decide_arbitration(
        acting_user=world.users["integrator_analyst"],
        arbitration=flagged,
        owner=world.supplier_b,
        reason="The WAN drops the packets.",
        now=TEST_NOW,
    )
    assert (decided.status, decided.owner, decided.decided_at) == (
        ArbitrationStatus.DECIDED,
        world.supplier_b,
        TEST_NOW,
    )
    entry = AuditEvent.objects.get(action="operations.arbitration.decided")
    assert entry.after["owner_id"] == world.supplier_b.pk
    assert entry.before["status"] == "open"


def test_the_owner_is_one_of_the_pair_and_the_reason_is_said(
    world: Any, flagged: Arbitration
) -> None:
    admin = world.users["integrator_admin"]
    with pytest.raises(ValidationError) as error:
        arbitration.decide_arbitration(
            acting_user=admin, arbitration=flagged, owner=world.integrator, reason="x", now=TEST_NOW
        )
    assert "owner" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        arbitration.decide_arbitration(
            acting_user=admin, arbitration=flagged, owner=world.supplier_a, reason=" ", now=TEST_NOW
        )
    assert "reason" in error.value.message_dict
    with pytest.raises(PermissionDenied):
        arbitration.decide_arbitration(
            acting_user=world.users["party_manager"],
            arbitration=flagged,
            owner=world.supplier_a,
            reason="Ours.",
            now=TEST_NOW,
        )
    assert Arbitration.objects.get().status == ArbitrationStatus.OPEN


def test_only_the_pair_and_the_integrator_see_an_arbitration(world: Any) -> None:
    # INC-B between the integrator's office and beta: nothing of alpha's
    hand_over(
        world.ticket_b, ["office", "beta", "office", "beta"], start=START, sender=world.supplier_b
    )
    assert Arbitration.objects.get().ticket == world.ticket_b
    url = reverse("operations:arbitration_list")
    assert "INC-B" not in _client(world, "party_member").get(url).content.decode()
    assert "INC-B" in _client(world, "integrator_analyst").get(url).content.decode()
    beta = Client()
    beta.force_login(world.users["other_party_member"])
    assert "INC-B" in beta.get(url).content.decode()


def test_the_list_counts_per_pair_and_exports_csv(world: Any, flagged: Arbitration) -> None:
    client = _client(world, "integrator_admin")
    page = client.get(reverse("operations:arbitration_list")).content.decode()
    assert 'id="arbitration-pairs"' in page
    [pair] = selectors.counts_per_pair(selectors.arbitrations_visible_to(world.users["auditor"]))
    assert (pair.arbitrations, pair.waiting, pair.bounces) == (1, 1, 3)
    answer = client.get(reverse("operations:arbitration_list"), {"export": "csv"})
    body = b"".join(answer.streaming_content).decode()
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[1][0] == "INC-A"


def test_the_decision_page_records_it_and_the_ticket_page_shows_it(
    world: Any, flagged: Arbitration
) -> None:
    ticket_url = reverse("operations:ticket_detail", args=["INC-A"])
    member = _client(world, "party_member")
    assert "waiting for the integrator" in member.get(ticket_url).content.decode()
    admin = _client(world, "integrator_admin")
    url = reverse("operations:arbitration_decide", args=[flagged.pk])
    refused = admin.post(url, {"owner": str(world.integrator.pk), "reason": "x"})
    assert refused.status_code == 200
    assert "owner" in refused.content.decode().lower()
    done = admin.post(url, {"owner": str(world.supplier_a.pk), "reason": "The cluster it is."})
    assert done.status_code == 302
    shown = member.get(ticket_url).content.decode()
    assert "owns it until resolved" in shown
    assert "The cluster it is." in shown
    assert _client(world, "party_manager").get(url).status_code == 403


def test_the_tactical_board_has_the_arbitrations_on_its_agenda(
    world: Any, flagged: Arbitration
) -> None:
    from podium.apps.governance.selectors.forums import agenda_for
    from podium.apps.governance.services import forums

    board = forums.ensure_forum(
        acting_user=None, slug="tactical", name="Tactical board", kind="tactical_board"
    )
    group = forums.ensure_forum(
        acting_user=None, slug="group", name="Working group", kind="working_group"
    )
    [section] = [
        s for s in agenda_for(board, today=TEST_NOW.date()).sections if "arbitration" in s.title
    ]
    [item] = section.items
    assert item.text.startswith("INC-A: 3 bounces between Alpha Cloud and Beta Networks")
    assert item.about_object == ("service", world.service_a.pk)
    assert item.overdue
    [other] = [
        s for s in agenda_for(group, today=TEST_NOW.date()).sections if "arbitration" in s.title
    ]
    assert other.items == ()
