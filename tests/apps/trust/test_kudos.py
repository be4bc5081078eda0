"""Kudos: one party recognises another about a ticket, a retrospective or a goal; a feed on
the home page, each party's users seeing the kudos their party gave or received."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from tests.support.clock import TEST_NOW

from podium.apps.trust.services import kudos as services

pytestmark = pytest.mark.django_db


def test_kudos_go_to_another_party_about_something(world: Any) -> None:
    member = world.users["party_member"]
    with pytest.raises(PermissionDenied, match="another party"):
        services.give_kudos(
            acting_user=member, to_party=world.supplier_a, message="Us!", at=TEST_NOW, goal="g"
        )
    with pytest.raises(ValidationError, match="Link the kudos"):
        services.give_kudos(
            acting_user=member, to_party=world.integrator, message="Thanks", at=TEST_NOW
        )
    kudos = services.give_kudos(
        acting_user=member,
        to_party=world.integrator,
        message="Quick hand-back on INC-A",
        ticket=world.ticket_a,
        at=TEST_NOW,
    )
    assert (kudos.from_party_id, kudos.given_by_id) == (world.supplier_a.pk, member.pk)


def test_the_home_feed_shows_a_partys_own_kudos_only(world: Any) -> None:
    services.give_kudos(
        acting_user=world.users["party_member"],
        to_party=world.integrator,
        message="Quick hand-back on INC-A",
        ticket=world.ticket_a,
        at=TEST_NOW,
    )
    services.give_kudos(
        acting_user=world.users["other_party_member"],
        to_party=world.integrator,
        message="Beta thanks the office",
        ticket=world.ticket_b,
        at=TEST_NOW,
    )
    client = Client()
    client.force_login(world.users["party_manager"])
    home = client.get(reverse("home")).content.decode()
    assert "Quick hand-back on INC-A" in home
    assert "Beta thanks the office" not in home
    admin = Client()
    admin.force_login(world.users["integrator_analyst"])
    everything = admin.get(reverse("home")).content.decode()
    assert "Beta thanks the office" in everything


def test_the_api_gives_kudos_and_names_an_unknown_ticket(world: Any) -> None:
    client = Client()
    client.force_login(world.users["party_manager"])
    refused = client.post(
        "/api/v1/trust/kudos",
        json.dumps({"to_party": "office", "message": "Thanks", "ticket": "INC-B"}),
        content_type="application/json",
    )
    assert refused.status_code == 422
    assert "INC-B" in refused.content.decode()
    made = client.post(
        "/api/v1/trust/kudos",
        json.dumps({"to_party": "office", "message": "Thanks", "ticket": "INC-A"}),
        content_type="application/json",
    )
    assert made.status_code == 201
    assert made.json()["from_party"] == "alpha"
    listed = client.get("/api/v1/trust/kudos").json()["items"]
    assert [k["message"] for k in listed] == ["Thanks"]
