"""The TMF621 API in the authorization matrix: every operation of its OpenAPI document, for
every role by session, for each supplier's bearer token, a revoked token and no credential.

A supplier's token reaches its own tickets and never the other supplier's (404, both ways);
a revoked token is refused at once (401, the TMF `Error` body); nothing of the other supplier
appears in what a token or a party's user gets.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from tests.authorization.registry import FOREIGN_MARKERS, TMF
from tests.authorization.support import ALL_ROLES, PARTY_ROLES, Entry
from tests.authorization.test_matrix import _client_for, _text
from tests.support.tmf621 import problems

from podium.apps.operations.api.exchange import tmf_api

DOCUMENTS = {"tmf621:openapi-json": 200, "tmf621:api-root": 404}


def tmf_operations() -> set[str]:
    schema = tmf_api.get_openapi_schema()
    return {f"{m.upper()} {path}" for path, ops in schema["paths"].items() for m in ops}


def test_every_tmf621_operation_is_in_the_matrix() -> None:
    assert tmf_operations() - set(TMF) == set(), "TMF621 operations missing from the matrix"
    assert set(TMF) - tmf_operations() == set(), "the matrix lists TMF621 operations that are gone"


def _call(
    client: Client,
    key: str,
    entry: Entry,
    world: Any,
    kwargs: dict[str, str] | None,
    token: str | None = None,
) -> Any:
    verb, template = key.split(" ", 1)
    url = template.format(**(kwargs or {}))
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    call = getattr(client, verb.lower())
    if entry.body is None:
        return call(url, **headers)
    return call(url, data=json.dumps(entry.body(world)), content_type="application/json", **headers)


def _cases() -> list[Any]:
    return [pytest.param(k, e, id=k) for k, e in sorted(TMF.items())]


@pytest.mark.django_db
@pytest.mark.parametrize(("key", "entry"), _cases())
def test_no_credential_is_refused_with_the_tmf_error(
    matrix_world: Any, key: str, entry: Entry
) -> None:
    own = entry.own(matrix_world) if entry.own else None
    response = _call(Client(), key, entry, matrix_world, own)
    assert response.status_code == 401
    assert problems(response.json(), "Error") == []
    revoked = _call(Client(), key, entry, matrix_world, own, token=matrix_world.token_revoked)
    assert revoked.status_code == 401


@pytest.mark.django_db
@pytest.mark.parametrize("role", ALL_ROLES)
@pytest.mark.parametrize(("key", "entry"), _cases())
def test_each_role_by_session(matrix_world: Any, role: str, key: str, entry: Entry) -> None:
    world = matrix_world
    own = entry.own(world) if entry.own else None
    response = _call(_client_for(world, role), key, entry, world, own)
    expected = entry.ok_status if role in entry.allowed_roles else 403
    assert response.status_code == expected, (role, key, response.content[:300])
    if role in PARTY_ROLES and response.status_code < 300:
        leaked = [m for m in FOREIGN_MARKERS if m in _text(response)]
        assert not leaked, f"{role} sees supplier B's {leaked} on {key}"
    if entry.foreign is not None:
        foreign = _call(_client_for(world, role), key, entry, world, entry.foreign(world))
        assert foreign.status_code == (404 if role in PARTY_ROLES else expected), (role, key)


@pytest.mark.django_db
@pytest.mark.parametrize(("key", "entry"), _cases())
def test_a_token_acts_for_its_party_only(matrix_world: Any, key: str, entry: Entry) -> None:
    world = matrix_world
    own = entry.own(world) if entry.own else None
    response = _call(Client(), key, entry, world, own, token=world.token_a)
    assert response.status_code == entry.ok_status, response.content[:300]
    leaked = [m for m in FOREIGN_MARKERS if m in _text(response)]
    assert not leaked, f"supplier A's token sees supplier B's {leaked} on {key}"
    if entry.foreign is not None:
        assert (
            _call(
                Client(), key, entry, world, entry.foreign(world), token=world.token_a
            ).status_code
            == 404
        )
        assert _call(Client(), key, entry, world, own, token=world.token_b).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "status"), sorted(DOCUMENTS.items()))
def test_the_tmf621_documents_are_public(name: str, status: int) -> None:
    from django.urls import reverse

    assert Client().get(reverse(name)).status_code == status
