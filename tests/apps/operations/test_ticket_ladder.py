"""A ticket keeps the escalation ladder version in force when it opened."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from podium.apps.governance.services.escalation import StepInput, publish_ladder_version
from podium.apps.operations.models import Ticket
from podium.apps.operations.services import HistoricalEvent, HistoricalTicket, import_ticket_history

pytestmark = pytest.mark.django_db
AT = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)


def steps(world: Any, first_wait: int) -> list[StepInput]:
    return [
        StepInput(
            "operational", first_wait, "business", world.supplier_a.slug, "service_manager", "phone"
        ),
        StepInput("tactical", 240, "business", world.supplier_a.slug, "account_manager", "email"),
    ]


def open_ticket(world: Any, reference: str) -> Ticket:
    import_ticket_history(
        acting_user=None,
        source="test",
        tickets=[
            HistoricalTicket(
                reference=reference,
                title="Cluster down",
                service_id=world.service_a.pk,
                component_id=world.component_a.pk,
                priority="P1",
                status="inProgress",
                opened_at=AT,
                resolved_at=None,
                closed_at=None,
                events=(
                    HistoricalEvent(AT, "acknowledged", "", world.integrator.pk, "Desk", "sd"),
                    HistoricalEvent(AT, "inProgress", "", world.supplier_a.pk, "Ops", "eng"),
                ),
            )
        ],
    )
    return Ticket.objects.get(reference=reference)


def test_a_new_ladder_version_does_not_change_open_tickets(world: Any) -> None:
    v1, _ = publish_ladder_version(
        acting_user=None,
        key="alpha",
        name="Alpha ladder",
        steps=steps(world, 30),
        party=world.supplier_a.slug,
    )
    # A service-wide ladder of another party must not win over the runner's own ladder.
    publish_ladder_version(
        acting_user=None,
        key="beta",
        name="Beta ladder",
        steps=steps(world, 10),
        party=world.supplier_b.slug,
    )
    before = open_ticket(world, "INC-L1")
    assert before.escalation_ladder_id == v1.pk

    v2, created = publish_ladder_version(
        acting_user=None,
        key="alpha",
        name="Alpha ladder",
        steps=steps(world, 15),
        party=world.supplier_a.slug,
    )
    assert created
    after = open_ticket(world, "INC-L2")
    assert after.escalation_ladder_id == v2.pk
    before.refresh_from_db()
    assert before.escalation_ladder_id == v1.pk

    client = Client()
    client.force_login(world.users["party_member"])
    page = client.get(
        reverse("operations:ticket_detail", kwargs={"reference": "INC-L1"})
    ).content.decode()
    assert "Alpha ladder v1" in page
    assert "this ticket keeps v1" in page


def test_without_a_ladder_the_ticket_has_none(world: Any) -> None:
    assert open_ticket(world, "INC-L3").escalation_ladder_id is None
