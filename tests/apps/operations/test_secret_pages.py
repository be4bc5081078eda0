"""The two pages that show a new secret — an integration token, a webhook's signing secret —
are the one platform page: 201, the secret exactly once, `Cache-Control: no-store`, and no
later page, export or form shows it again."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from podium.apps.operations.choices import NotificationType

pytestmark = pytest.mark.django_db
SHARED = "platform/secret_shown_once.html"


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _text(response: Any) -> str:
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return str(body.decode())


def _secret_of(response: Any) -> str:
    assert response.status_code == 201, response.content
    assert SHARED in [t.name for t in response.templates]
    assert "no-store" in {d.strip() for d in response["Cache-Control"].split(",")}
    secret = str(response.context["secret"])
    page = response.content.decode()
    assert page.count(secret) == 1
    assert "it will not be shown again" in page
    assert 'data-copy="new-secret"' in page
    return secret


def test_a_new_tokens_page_is_the_shared_one_and_the_token_never_shows_again(world: Any) -> None:
    admin = _client(world.users["integrator_admin"])
    created = admin.post(
        reverse("operations:credential_create"),
        {"party": world.supplier_b.pk, "name": "Beta ServiceNow"},
    )
    token = _secret_of(created)
    assert "Bearer token" in created.content.decode()
    assert reverse("operations:credential_list") in created.content.decode()
    later = [
        admin.get(reverse("operations:credential_list")),
        admin.get(reverse("operations:credential_list"), {"export": "csv"}),
        admin.get(reverse("operations:credential_create")),
    ]
    assert all(token not in _text(page) for page in later)


def test_a_new_webhooks_page_is_the_shared_one_and_the_secret_never_shows_again(
    world: Any,
) -> None:
    manager = _client(world.users["party_manager"])
    created = manager.post(
        reverse("operations:webhook_create"),
        {
            "party": str(world.supplier_a.pk),
            "callback": "https://hooks.alpha.example/podium",
            "event_types": [NotificationType.BREACH],
        },
    )
    secret = _secret_of(created)
    assert secret.startswith("whsec_")
    assert "Signing secret" in created.content.decode()
    assert reverse("operations:webhook_list") in created.content.decode()
    later = [
        manager.get(reverse("operations:webhook_list")),
        manager.get(reverse("operations:webhook_list"), {"export": "csv"}),
        manager.get(reverse("operations:webhook_create")),
        manager.get("/api/v1/operations/webhooks"),
    ]
    assert all(secret not in _text(page) for page in later)
