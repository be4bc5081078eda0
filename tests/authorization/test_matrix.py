"""The authorization matrix: every page route and every API operation, for every role.

Routes are enumerated from the URL resolver and operations from the API's OpenAPI document, so a
new page or endpoint that is not described here fails `test_every_route_is_in_the_matrix`.
For each entry and role the test checks the status code on an object within the role's reach,
the answer on another party's object (404 for a party's users), and that nothing of the other
party appears in what a party's users get.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from podium.site.api import api

Kwargs = Callable[[Any], dict[str, str]]
PARTY_ROLES = ("party_manager", "party_member")
EVERYTHING_ROLES = ("integrator_admin", "integrator_analyst", "auditor")
ALL_ROLES = EVERYTHING_ROLES + PARTY_ROLES


@dataclass(frozen=True)
class Entry:
    """How one route behaves. `own` picks an object the acting party user may see, `foreign` one
    that belongs to supplier B only; `public` routes answer without log-in."""

    own: Kwargs | None = None
    foreign: Kwargs | None = None
    public: bool = False
    method: str = "get"
    allowed_roles: tuple[str, ...] = ALL_ROLES
    ok_status: int = 200
    logged_in_status: int | None = None  # e.g. the log-in page sends a logged-in user home
    extra: dict[str, Any] = field(default_factory=dict)


def slug(attr: str) -> Kwargs:
    return lambda w: {"slug": getattr(w, attr).slug}


def reference(attr: str) -> Kwargs:
    return lambda w: {"reference": getattr(w, attr).reference}


PAGES: dict[str, Entry] = {
    "home": Entry(),
    "login": Entry(public=True, logged_in_status=302),
    "logout": Entry(method="post", ok_status=302),
    "preferences": Entry(),
    "healthz": Entry(public=True),
    "ecosystem:party_list": Entry(),
    "ecosystem:party_detail": Entry(own=slug("supplier_a"), foreign=slug("supplier_b")),
    "ecosystem:service_list": Entry(),
    "ecosystem:service_detail": Entry(own=slug("service_a"), foreign=slug("service_b")),
    "ecosystem:component_list": Entry(),
    "ecosystem:component_detail": Entry(own=slug("component_a"), foreign=slug("component_b")),
    "operations:ticket_list": Entry(),
    "operations:ticket_detail": Entry(own=reference("ticket_a"), foreign=reference("ticket_b")),
}

API: dict[str, Entry] = {
    "GET /api/v1/me": Entry(),
    "GET /api/v1/ecosystem/parties": Entry(),
    "GET /api/v1/ecosystem/parties/{slug}": Entry(
        own=slug("supplier_a"), foreign=slug("supplier_b")
    ),
    "GET /api/v1/ecosystem/services": Entry(),
    "GET /api/v1/ecosystem/services/{slug}": Entry(
        own=slug("service_a"), foreign=slug("service_b")
    ),
    "GET /api/v1/ecosystem/components": Entry(),
    "GET /api/v1/ecosystem/components/{slug}": Entry(
        own=slug("component_a"), foreign=slug("component_b")
    ),
    "GET /api/v1/operations/tickets": Entry(),
    "GET /api/v1/operations/tickets/{reference}": Entry(
        own=reference("ticket_a"), foreign=reference("ticket_b")
    ),
}
# The API's own description is public (it documents shapes, never data); its bare root answers 404.
API_DOCUMENTS = {"api-v1:openapi-json": 200, "api-v1:openapi-view": 200, "api-v1:api-root": 404}

# Strings of supplier B's rows that must never reach supplier A's users.
FOREIGN_MARKERS = ("Beta Networks", "Beta WAN", "Branch voice", "INC-B", "C-BETA-1", "beta-wan")


def _walk(resolvers: list[URLPattern | URLResolver], namespace: str = "") -> Iterator[str]:
    for item in resolvers:
        if isinstance(item, URLResolver):
            inner = f"{namespace}{item.namespace}:" if item.namespace else namespace
            yield from _walk(item.url_patterns, inner)
        elif item.name:
            yield f"{namespace}{item.name}"
        else:
            yield f"{namespace}<unnamed {item.pattern}>"


def page_route_names() -> set[str]:
    return {name for name in _walk(get_resolver().url_patterns) if not name.startswith("api-v1:")}


def api_operations() -> set[str]:
    schema = api.get_openapi_schema()
    return {
        f"{method.upper()} {path}"
        for path, operations in schema["paths"].items()
        for method in operations
    }


def api_route_names() -> set[str]:
    return {name for name in _walk(get_resolver().url_patterns) if name.startswith("api-v1:")}


def test_every_route_is_in_the_matrix() -> None:
    missing_pages = page_route_names() - set(PAGES)
    missing_api = api_operations() - set(API)
    assert not missing_pages, (
        f"page routes missing from the authorization matrix: {sorted(missing_pages)}"
    )
    assert not missing_api, (
        f"API operations missing from the authorization matrix: {sorted(missing_api)}"
    )
    assert not set(PAGES) - page_route_names(), "matrix lists page routes that no longer exist"
    assert not set(API) - api_operations(), "matrix lists API operations that no longer exist"


def test_api_url_names_are_operations_or_documents() -> None:
    # Every API URL is either described in the OpenAPI document (and so in API) or one of its documents.
    operation_ids = {
        op["operationId"]
        for ops in api.get_openapi_schema()["paths"].values()
        for op in ops.values()
    }
    names = {name.removeprefix("api-v1:") for name in api_route_names() - set(API_DOCUMENTS)}
    outside = {n for n in names if not any(op.endswith(f"_{n}") for op in operation_ids)}
    assert not outside, f"API routes outside the OpenAPI document: {sorted(outside)}"


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "status"), sorted(API_DOCUMENTS.items()))
def test_api_documents_are_public(name: str, status: int) -> None:
    response = Client().get(reverse(name))
    assert response.status_code == status
    if status == 200:
        assert b"cdn." not in response.content, "API documents must not load anything from a CDN"


def _page_url(name: str, kwargs: dict[str, str] | None) -> str:
    return reverse(name, kwargs=kwargs or None)


def _api_url(key: str, kwargs: dict[str, str] | None) -> tuple[str, str]:
    method, template = key.split(" ", 1)
    return method.lower(), template.format(**(kwargs or {}))


def _client_for(world: Any, role: str | None) -> Client:
    client = Client()
    if role is not None:
        client.force_login(world.users[role])
    return client


def _cases() -> Iterator[Any]:
    for name, entry in PAGES.items():
        yield pytest.param("page", name, entry, id=f"page:{name}")
    for key, entry in API.items():
        yield pytest.param("api", key, entry, id=f"api:{key}")


def _request(
    client: Client, kind: str, key: str, entry: Entry, kwargs: dict[str, str] | None
) -> Any:
    if kind == "page":
        return getattr(client, entry.method)(_page_url(key, kwargs))
    method, url = _api_url(key, kwargs)
    return getattr(client, method)(url)


@pytest.mark.django_db
@pytest.mark.parametrize(("kind", "key", "entry"), list(_cases()))
def test_anonymous(world: Any, kind: str, key: str, entry: Entry) -> None:
    own = entry.own(world) if entry.own else None
    response = _request(_client_for(world, None), kind, key, entry, own)
    if entry.public:
        assert response.status_code == 200
    elif kind == "api":
        assert response.status_code == 401
    else:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.django_db
@pytest.mark.parametrize("role", ALL_ROLES)
@pytest.mark.parametrize(("kind", "key", "entry"), list(_cases()))
def test_role(world: Any, role: str, kind: str, key: str, entry: Entry) -> None:
    client = _client_for(world, role)
    own = entry.own(world) if entry.own else None
    response = _request(client, kind, key, entry, own)
    expected = entry.logged_in_status or entry.ok_status
    if role not in entry.allowed_roles and not entry.public:
        expected = 403
    assert response.status_code == expected, f"{role} on {key}: {response.status_code}"

    if role in PARTY_ROLES and response.status_code == 200:
        body = response.content.decode()
        leaked = [marker for marker in FOREIGN_MARKERS if marker in body]
        assert not leaked, f"{role} sees supplier B's {leaked} on {key}"

    if entry.foreign is not None:
        foreign = _request(_client_for(world, role), kind, key, entry, entry.foreign(world))
        if role in PARTY_ROLES:
            assert foreign.status_code == 404, f"{role} reached supplier B's object on {key}"
        else:
            assert foreign.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(("kind", "key", "entry"), [c for c in _cases() if c.values[2].foreign])
def test_the_other_party_is_kept_out_symmetrically(
    world: Any, kind: str, key: str, entry: Entry
) -> None:
    """Supplier B's member cannot reach supplier A's objects either."""
    response = _request(
        _client_for(world, "other_party_member"), kind, key, entry, entry.own(world)
    )
    assert response.status_code == 404
