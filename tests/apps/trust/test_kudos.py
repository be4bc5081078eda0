"""Kudos: one party recognises another about a ticket, a retrospective or a goal; a feed on
the home page, each party's users seeing the kudos their party gave or received."""

from __future__ import annotations

import datetime as dt
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
            acting_user=member,
            to_party=world.supplier_a,
            message="Us!",
            at=TEST_NOW,
            ticket=world.ticket_a,
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


@pytest.fixture
def objective(world: Any) -> Any:
    from podium.apps.goals.services import objectives

    found, _ = objectives.ensure_objective(
        acting_user=None,
        title="No customer waits on a bounce",
        period_start=dt.date(2026, 7, 1),
        period_end=dt.date(2026, 12, 31),
        owner=world.integrator,
    )
    return found


def test_kudos_for_a_shared_goal_show_in_the_feed_and_on_the_goals_page(
    world: Any, objective: Any
) -> None:
    services.give_kudos(
        acting_user=world.users["party_member"],
        to_party=world.integrator,
        message="The bounce review every Monday works",
        objective=objective,
        at=TEST_NOW,
    )
    services.give_kudos(
        acting_user=world.users["other_party_member"],
        to_party=world.integrator,
        message="Beta is in on the goal too",
        objective=objective,
        at=TEST_NOW,
    )
    goal_url = reverse("goals:objective_detail", args=[objective.pk])
    client = Client()
    client.force_login(world.users["party_manager"])
    home = client.get(reverse("home")).content.decode()
    assert "The bounce review every Monday works" in home
    assert f'<a href="{goal_url}">No customer waits on a bounce</a>' in home
    feed = client.get(reverse("trust:kudos_list")).content.decode()
    assert f'<a href="{goal_url}">goal No customer waits on a bounce</a>' in feed
    csv = client.get(reverse("trust:kudos_list"), {"export": "csv"})
    assert "goal No customer waits on a bounce" in b"".join(csv.streaming_content).decode()
    page = client.get(goal_url).content.decode()
    assert "Kudos for this goal" in page
    assert "The bounce review every Monday works" in page
    assert "Beta is in on the goal too" not in page  # a kudos between others is theirs
    admin = Client()
    admin.force_login(world.users["integrator_analyst"])
    assert "Beta is in on the goal too" in admin.get(goal_url).content.decode()
    listed = client.get("/api/v1/trust/kudos").json()["items"]
    assert [(k["objective"], k["objective_title"]) for k in listed] == [
        (objective.pk, "No customer waits on a bounce")
    ]


def test_an_unknown_goal_is_a_field_error_on_the_page_and_in_the_api(
    world: Any, objective: Any
) -> None:
    client = Client()
    client.force_login(world.users["party_manager"])
    form = client.get(reverse("trust:kudos_give"), {"objective": objective.pk}).content.decode()
    assert f'<option value="{objective.pk}" selected>' in form
    refused = client.post(
        reverse("trust:kudos_give"),
        {"to_party": "office", "message": "Thanks", "objective": objective.pk + 1000},
    )
    assert refused.status_code == 200
    assert refused.context["form"].errors["objective"] == [
        "Unknown shared goal: choose one of the objectives."
    ]
    answer = client.post(
        "/api/v1/trust/kudos",
        json.dumps({"to_party": "office", "message": "Thanks", "objective": objective.pk + 1000}),
        content_type="application/json",
    )
    assert answer.status_code == 422
    [problem] = answer.json()["detail"]
    assert problem["loc"][-1] == "objective"
    assert problem["msg"] == f"unknown shared goal: {objective.pk + 1000}"
    made = client.post(
        "/api/v1/trust/kudos",
        json.dumps({"to_party": "office", "message": "Thanks", "objective": objective.pk}),
        content_type="application/json",
    )
    assert made.status_code == 201
    assert made.json()["objective_title"] == "No customer waits on a bounce"
