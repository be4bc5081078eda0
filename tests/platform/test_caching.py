"""What a signed-in user was shown is never kept by a cache: `Cache-Control: private, no-store`."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from podium.apps.accounts.services import rotate_calendar_feed_token

pytestmark = pytest.mark.django_db


def signed_in(world: Any, role: str) -> Client:
    client = Client()
    client.force_login(world.users[role])
    return client


def directives(response: Any) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part.strip()}


@pytest.mark.parametrize(
    ("url", "extra"),
    [
        ("/", {}),
        ("/ecosystem/contracts/", {}),
        ("/ecosystem/contracts/?export=csv", {}),
        ("/ecosystem/contracts/", {"HTTP_HX_REQUEST": "true"}),
        ("/ecosystem/contracts/C-ALPHA-1/", {}),
        ("/api/v1/ecosystem/contracts", {}),
        ("/api/v1/ecosystem/contracts/C-ALPHA-1", {}),
        ("/api/v1/me", {}),
        ("/governance/calendar.ics", {}),
    ],
)
@pytest.mark.parametrize("role", ["integrator_admin", "party_member", "auditor"])
def test_every_answer_to_a_signed_in_user_is_private_and_not_stored(
    world: Any, role: str, url: str, extra: dict[str, str]
) -> None:
    response = signed_in(world, role).get(url, **extra)
    assert response.status_code == 200, url
    assert {"private", "no-store"} <= directives(response), (url, response.get("Cache-Control"))


def test_errors_to_a_signed_in_user_are_not_stored_either(world: Any) -> None:
    client = signed_in(world, "party_member")
    assert {"private", "no-store"} <= directives(client.get("/ecosystem/contracts/C-BETA-1/"))
    assert {"private", "no-store"} <= directives(client.get("/api/v1/ecosystem/contracts/C-BETA-1"))


def test_a_calendar_feed_reached_with_its_secret_is_not_stored(world: Any) -> None:
    user = world.users["party_member"]
    token = rotate_calendar_feed_token(acting_user=user, user=user)
    response = Client().get(reverse("governance:token_my_calendar", args=[token]))
    assert response.status_code == 200
    assert {"private", "no-store"} <= directives(response)


@pytest.mark.parametrize("url", ["/api/v1/openapi.json", "/api/v1/docs", "/healthz"])
def test_anonymous_public_answers_are_left_to_their_views(url: str) -> None:
    assert "no-store" not in directives(Client().get(url))
