"""The integration credentials pages: a token is shown once, in the answer to the form that made
it, and never again; revoking it on the page refuses it at the TMF621 API at once; a party's
manager sees and manages its own party's credentials only (another party's is a 404)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from tests.support.clock import TEST_NOW

from podium.apps.operations.models import IntegrationCredential
from podium.apps.operations.services import credentials
from podium.platform.models import AuditEvent

pytestmark = pytest.mark.django_db
TMF_LIST = "/tmf-api/troubleTicket/v5/troubleTicket"
TOKEN = re.compile(r"pod_[A-Za-z0-9_-]{20,}")


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _tmf(token: str) -> int:
    return Client().get(TMF_LIST, HTTP_AUTHORIZATION=f"Bearer {token}").status_code


def _everything_shown(client: Client) -> str:
    """Every page and export where a credential appears, as one text."""
    credential = IntegrationCredential.objects.order_by("-pk").first()
    assert credential is not None
    pages = [
        client.get(reverse("operations:credential_list")),
        client.get(reverse("operations:credential_list"), {"export": "csv"}),
        client.get(reverse("operations:credential_revoke", args=[credential.pk])),
        client.get(reverse("operations:credential_create")),
    ]
    texts = []
    for page in pages:
        assert page.status_code == 200
        body = b"".join(page.streaming_content) if page.streaming else page.content
        texts.append(body.decode())
    return "\n".join(texts)


def test_a_token_is_shown_once_and_works_until_revoked_on_the_page(world: Any) -> None:
    admin = _client(world.users["integrator_admin"])
    created = admin.post(
        reverse("operations:credential_create"),
        {"party": world.supplier_b.pk, "name": "Beta ServiceNow"},
    )
    assert created.status_code == 201
    page = created.content.decode()
    tokens = TOKEN.findall(page)
    assert len(tokens) == 1, "the token is on the page exactly once"
    token = tokens[0]
    assert "it will not be shown again" in page
    assert 'data-copy="new-secret"' in page
    credential = IntegrationCredential.objects.get(name="Beta ServiceNow")
    assert credential.party == world.supplier_b
    assert credentials.token_hash(token) == credential.token_hash
    assert token not in _everything_shown(admin)

    again = admin.post(
        reverse("operations:credential_create"),
        {"party": world.supplier_b.pk, "name": "Beta ServiceNow"},
    )
    assert again.status_code == 200, "sending the form again makes no second token"
    assert "has a live token named" in again.content.decode()
    assert not TOKEN.search(again.content.decode())
    assert IntegrationCredential.objects.filter(name="Beta ServiceNow").count() == 1

    assert _tmf(token) == 200
    listed = admin.get(reverse("operations:credential_list")).content.decode()
    assert reverse("operations:credential_revoke", args=[credential.pk]) in listed
    confirm = admin.get(reverse("operations:credential_revoke", args=[credential.pk]))
    assert "refused from its next request on" in confirm.content.decode()
    assert _tmf(token) == 200, "showing the confirmation revokes nothing"
    revoked = admin.post(reverse("operations:credential_revoke", args=[credential.pk]))
    assert revoked.status_code == 302
    assert _tmf(token) == 401
    credential.refresh_from_db()
    assert credential.revoked_at is not None
    audit = AuditEvent.objects.filter(action="operations.credential.revoked").get()
    assert (audit.actor, audit.party_id) == (world.users["integrator_admin"], world.supplier_b.pk)
    assert AuditEvent.objects.filter(action="operations.credential.created").count() == 1


def test_a_party_manager_manages_its_own_party_only(world: Any) -> None:
    own, own_token = credentials.create_credential(
        acting_user=None, party=world.supplier_a, name="Alpha tool", now=TEST_NOW
    )
    foreign, foreign_token = credentials.create_credential(
        acting_user=None, party=world.supplier_b, name="Beta tool", now=TEST_NOW
    )
    manager = _client(world.users["party_manager"])

    listed = manager.get(reverse("operations:credential_list"))
    assert listed.status_code == 200
    body = listed.content.decode()
    assert "Alpha tool" in body
    assert "Beta tool" not in body
    exported = b"".join(
        manager.get(reverse("operations:credential_list"), {"export": "csv"}).streaming_content
    ).decode()
    assert "Alpha tool" in exported
    assert "Beta tool" not in exported

    form = manager.get(reverse("operations:credential_create"))
    offered = form.context["form"].fields["party"].queryset
    assert list(offered) == [world.supplier_a]
    refused = manager.post(
        reverse("operations:credential_create"), {"party": world.supplier_b.pk, "name": "Sneaky"}
    )
    assert refused.status_code == 200
    assert "party" in refused.context["form"].errors
    assert not IntegrationCredential.objects.filter(name="Sneaky").exists()

    for method in ("get", "post"):
        answer = getattr(manager, method)(
            reverse("operations:credential_revoke", args=[foreign.pk])
        )
        assert answer.status_code == 404, method
    assert _tmf(foreign_token) == 200

    made = manager.post(
        reverse("operations:credential_create"),
        {"party": world.supplier_a.pk, "name": "Alpha monitoring"},
    )
    assert made.status_code == 201
    assert manager.post(reverse("operations:credential_revoke", args=[own.pk])).status_code == 302
    assert _tmf(own_token) == 401


@pytest.mark.parametrize("role", ["party_member", "auditor", "integrator_analyst"])
def test_who_may_only_look_or_not_even_that(world: Any, role: str) -> None:
    own, _ = credentials.create_credential(
        acting_user=None, party=world.supplier_a, name="Alpha tool", now=TEST_NOW
    )
    client = _client(world.users[role])
    listed = client.get(reverse("operations:credential_list"))
    if role == "party_member":
        assert listed.status_code == 403  # a party's engineers do not administer its tools
    else:
        assert listed.status_code == 200
        body = listed.content.decode()
        assert "Alpha tool" in body
        assert "never" in body  # last used
        assert "Revoke" not in body
        assert reverse("operations:credential_create") not in body
    assert client.get(reverse("operations:credential_create")).status_code == 403
    revoke = reverse("operations:credential_revoke", args=[own.pk])
    assert client.get(revoke).status_code == 403
    assert client.post(revoke).status_code == 403
    own.refresh_from_db()
    assert own.is_live


def test_the_menu_offers_the_page_to_those_who_may_open_it(world: Any) -> None:
    def offered(role: str) -> bool:
        menus = _client(world.users[role]).get(reverse("home")).context["nav_menus"]
        return any(item.label == "Integration credentials" for m in menus for item in m.items)

    assert offered("integrator_admin")
    assert offered("party_manager")
    assert offered("auditor")
    assert not offered("party_member")
    page = _client(world.users["party_manager"]).get(reverse("operations:credential_list"))
    current = [i.label for m in page.context["nav_menus"] for i in m.items if i.active]
    assert current == ["Integration credentials"]


def test_a_tool_that_keeps_its_token_reuses_it_and_a_lost_one_is_rotated(world: Any) -> None:
    def ensure(kept: str) -> credentials.EnsuredCredential:
        return credentials.ensure_credential(
            acting_user=None,
            party=world.supplier_a,
            name="Simulator",
            kept_token=kept,
            now=TEST_NOW,
        )

    first = ensure("")
    assert not first.reused
    assert ensure(first.token) == credentials.EnsuredCredential(
        first.credential, first.token, reused=True
    )
    rotated = ensure("pod_not-the-token")
    assert not rotated.reused
    assert rotated.token != first.token
    first.credential.refresh_from_db()
    assert first.credential.revoked_at is not None, "the old one is revoked"
    credentials.revoke_credential(acting_user=None, credential=rotated.credential, now=TEST_NOW)
    again = ensure(rotated.token)
    assert not again.reused, "a revoked token is replaced"
    live = IntegrationCredential.objects.filter(name="Simulator", revoked_at__isnull=True)
    assert list(live) == [again.credential]
    other = world.users["other_party_member"]
    with pytest.raises(PermissionDenied):
        credentials.ensure_credential(
            acting_user=other, party=world.supplier_a, name="x", kept_token="", now=TEST_NOW
        )
