"""Service credits of one month, checked by hand, and the dispute that goes to the integrator
with the clock segments as evidence."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from podium.apps.ecosystem import services as eco
from podium.apps.goals.selectors import credits as selectors
from podium.apps.goals.services import credits as services
from podium.apps.operations.services import HistoricalEvent, HistoricalTicket, import_ticket_history

pytestmark = pytest.mark.django_db
OCTOBER = dt.date(2026, 10, 1)
MONDAY = dt.datetime(2026, 10, 12, 9, 0, tzinfo=dt.UTC)


def _ticket(world: Any, reference: str, opened: dt.datetime, hours: float) -> HistoricalTicket:
    alpha, desk = world.supplier_a.pk, world.integrator.pk
    done = opened + dt.timedelta(hours=hours)
    return HistoricalTicket(
        reference=reference,
        title="Web shop down",
        service_id=world.service_a.pk,
        component_id=world.component_a.pk,
        priority="P1",
        status="resolved",
        opened_at=opened,
        resolved_at=done,
        closed_at=None,
        events=(
            HistoricalEvent(opened, "acknowledged", "", desk, "Service desk", "sd"),
            HistoricalEvent(opened + dt.timedelta(minutes=5), "inProgress", "", alpha, "Ops", "e"),
            HistoricalEvent(done, "resolved", "", alpha, "Ops", "e"),
        ),
    )


@pytest.fixture
def october(world: Any) -> Any:
    # C-ALPHA-1: 120,000 a year, so a monthly fee of 10,000; P1 resolved within 240 minutes,
    # 5 % of the monthly fee per breach
    eco.ensure_contract(
        acting_user=None,
        reference="C-ALPHA-1",
        party=world.supplier_a,
        title="Alpha hosting",
        starts_on=dt.date(2025, 1, 1),
        ends_on=dt.date(2027, 12, 31),
        annual_value=120000,
        services=[world.service_a],
        components=[world.component_a],
        targets=[
            {
                "priority": "P1",
                "response_minutes": 15,
                "resolution_minutes": 240,
                "service_credit_percent": Decimal("5"),
            }
        ],
    )
    import_ticket_history(
        acting_user=None,
        source="credits test",
        tickets=[
            _ticket(world, "INC-OK", MONDAY, 1),  # Alpha held it 55 min: met
            _ticket(world, "INC-SLOW", MONDAY, 30),  # Alpha held it ~30 h: breached
            _ticket(world, "INC-SLOWER", MONDAY + dt.timedelta(days=2), 50),  # breached
            _ticket(world, "INC-NOV", dt.datetime(2026, 11, 2, 9, tzinfo=dt.UTC), 30),
        ],
    )
    return world


def test_one_months_credits_by_hand(october: Any) -> None:
    world = october
    found = selectors.party_credits(
        world.users["integrator_admin"], world.supplier_a, OCTOBER, now=timezone.now()
    )
    # two P1 breaches of Alpha's own clock in October × 5 % × 10,000 = 2 × 500.00; INC-A (P2,
    # no P1 credit rule) and INC-NOV (November) owe nothing in October
    assert [(c.contract, c.amount, c.currency, c.capped) for c in found.credits] == [
        ("C-ALPHA-1", Decimal("1000.00"), "EUR", False)
    ]
    breaches = found.credits[0].breaches
    assert [(b.case_id, cost) for b, cost in breaches] == [
        ("INC-SLOW", Decimal("500.00")),
        ("INC-SLOWER", Decimal("500.00")),
    ]
    slow = breaches[0][0]
    assert slow.party == "alpha"
    assert slow.target_seconds == 240 * 60
    assert slow.segments
    assert slow.segments[0].start == MONDAY + dt.timedelta(minutes=5)
    beta = selectors.party_credits(
        world.users["integrator_admin"], world.supplier_b, OCTOBER, now=timezone.now()
    )
    assert beta.credits == []


def test_a_dispute_carries_the_evidence_and_an_accepted_one_waives_the_credit(
    october: Any,
) -> None:
    world = october
    now = timezone.now()
    manager = world.users["party_manager"]
    dispute = services.dispute_credit(
        acting_user=manager,
        party=world.supplier_a,
        month=OCTOBER,
        ticket_reference="INC-SLOW",
        reason="The customer's site was closed that night.",
        now=now,
    )
    assert dispute.contract_reference == "C-ALPHA-1"
    assert dispute.evidence["credit"] == "500.00"
    assert dispute.evidence["segments"][0]["start"] == "2026-10-12T09:05:00+00:00"
    with pytest.raises(ValidationError):
        services.dispute_credit(
            acting_user=manager,
            party=world.supplier_a,
            month=OCTOBER,
            ticket_reference="INC-OK",
            reason="Nothing to dispute.",
            now=now,
        )
    with pytest.raises(PermissionDenied):
        services.decide_dispute(
            acting_user=manager, dispute=dispute, status="accepted", note="", now=now
        )
    services.decide_dispute(
        acting_user=world.users["integrator_admin"],
        dispute=dispute,
        status="accepted",
        note="Closure confirmed.",
        now=now,
    )
    after = selectors.party_credits(manager, world.supplier_a, OCTOBER, now=now)
    assert [c.amount for c in after.credits] == [Decimal("500.00")]


def test_credits_are_the_partys_and_the_integrators_only(october: Any) -> None:
    world = october
    client = Client()
    client.force_login(world.users["party_member"])
    page = client.get(reverse("goals:credit_detail", args=["alpha"]), {"month": "2026-10"})
    assert "INC-SLOW" in page.content.decode()
    assert client.get(reverse("goals:credit_detail", args=["beta"])).status_code == 404
    client.force_login(world.users["auditor"])
    assert client.get(reverse("goals:credit_list")).status_code == 403
    client.force_login(world.users["other_party_member"])
    answer = client.get("/api/v1/goals/credits?month=2026-10").json()
    assert answer == []


def test_the_api_lists_the_credits_and_takes_a_dispute(october: Any) -> None:
    world = october
    client = Client()
    client.force_login(world.users["party_manager"])
    credits = client.get("/api/v1/goals/credits?month=2026-10").json()
    assert [(c["contract"], c["amount"]) for c in credits] == [("C-ALPHA-1", "1000.00")]
    made = client.post(
        "/api/v1/goals/disputes",
        json.dumps({"month": "2026-10", "ticket": "INC-SLOWER", "reason": "Vendor hold."}),
        "application/json",
    )
    assert made.status_code == 201
    assert made.json()["evidence"]["ticket"] == "INC-SLOWER"
