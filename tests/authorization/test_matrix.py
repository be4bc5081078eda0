"""The authorization matrix: every page route and every API operation, for every role.

Routes are enumerated from the URL resolver and operations from the API's OpenAPI document, so a
new page or endpoint that no file in `entries/` describes fails `test_every_route_is_in_the_matrix`.
For each entry and role the test checks the status code on an object within the role's reach,
the answer on another party's object (404 for a party's users), and that nothing of the other
party appears in what a party's users get.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from tests.authorization import registry
from tests.authorization.support import ALL_ROLES, PARTY_ROLES, Entry, Shared, readable_text

from podium.site.api import api

PAGES: dict[str, Entry] = registry.PAGES
API: dict[str, Entry] = registry.API
FOREIGN_MARKERS = registry.FOREIGN_MARKERS
SHARED: dict[str, tuple[Shared, ...]] = registry.SHARED
MODULES = registry.MODULES
AS_OF_DAY = "2026-06-30"
# The API's own description is public (it documents shapes, never data); its bare root answers 404.
API_DOCUMENTS = {"api-v1:openapi-json": 200, "api-v1:openapi-view": 200, "api-v1:api-root": 404}


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
    """Page routes; the APIs' routes are enumerated from their OpenAPI documents instead (the
    TMF621 API's in test_tmf_matrix.py)."""
    return {
        name
        for name in _walk(get_resolver().url_patterns)
        if not name.startswith(("api-v1:", "tmf621:"))
    }


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
    # Every API URL is described in the OpenAPI document (and so in API) or is one of its documents.
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
    client: Client,
    world: Any,
    kind: str,
    key: str,
    entry: Entry,
    kwargs: dict[str, str] | None,
    query: dict[str, str] | None = None,
) -> Any:
    if kind == "page":
        method, url = entry.method, reverse(key, kwargs=kwargs or None)
    else:
        verb, template = key.split(" ", 1)
        method, url = verb.lower(), template.format(**(kwargs or {}))
    call = getattr(client, method)
    if entry.body is None:
        return call(url, query or {})
    data = entry.body(world)
    if entry.json or kind == "api":
        return call(url, data=json.dumps(data), content_type="application/json")
    return call(url, data=data)


@pytest.mark.django_db
@pytest.mark.parametrize(("kind", "key", "entry"), list(_cases()))
def test_anonymous(matrix_world: Any, kind: str, key: str, entry: Entry) -> None:
    own = entry.own(matrix_world) if entry.own else None
    response = _request(_client_for(matrix_world, None), matrix_world, kind, key, entry, own)
    if entry.public:
        assert response.status_code == entry.ok_status
    elif kind == "api":
        assert response.status_code == 401
    else:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.django_db
@pytest.mark.parametrize("role", ALL_ROLES)
@pytest.mark.parametrize(("kind", "key", "entry"), list(_cases()))
def test_role(matrix_world: Any, role: str, kind: str, key: str, entry: Entry) -> None:
    world = matrix_world
    own = entry.own(world) if entry.own else None
    response = _request(_client_for(world, role), world, kind, key, entry, own)
    expected = entry.logged_in_status or entry.ok_status
    if role not in entry.allowed_roles and not entry.public:
        expected = 403
    assert response.status_code == expected, f"{role} on {key}: {response.status_code}"
    cache_control = {d.strip() for d in response.get("Cache-Control", "").split(",")}
    assert {"private", "no-store"} <= cache_control, f"{role} on {key} may be cached"

    body = _text(response) if response.status_code == 200 else ""
    if role in PARTY_ROLES:
        leaked = [marker for marker in FOREIGN_MARKERS if marker in body]
        assert not leaked, f"{role} sees supplier B's {leaked} on {key}"
    if kind == "page" and entry.method == "get":
        _check_variants(world, role, key, entry, own, body)

    if entry.foreign is not None:
        foreign = _request(_client_for(world, role), world, kind, key, entry, entry.foreign(world))
        if role in PARTY_ROLES:
            assert foreign.status_code == 404, f"{role} reached supplier B's object on {key}"
        else:
            assert foreign.status_code == expected


def _text(response: Any) -> str:
    """The whole body, streamed (CSV exports) or not; a PDF or Parquet download as the text
    it holds."""
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode()
    return readable_text(response.get("Content-Type", ""), response.content)


def _check_variants(
    world: Any, role: str, key: str, entry: Entry, own: dict[str, str] | None, body: str
) -> None:
    """A page that offers its CSV export or an "as of" view is asked for both, by every role,
    with the same answer and the same leak check: a new page is covered as soon as it offers
    them."""
    variants = []
    if "export=csv" in body:
        variants.append({"export": "csv"})
    if 'name="as_of"' in body:
        variants.append({"as_of": AS_OF_DAY})
    for query in variants:
        response = _request(_client_for(world, role), world, "page", key, entry, own, query)
        assert response.status_code == 200, f"{role} on {key}?{query}: {response.status_code}"
        text = _text(response)
        if "export" in query:
            assert response["Content-Type"].startswith("text/csv"), key
        if role in PARTY_ROLES:
            leaked = [marker for marker in FOREIGN_MARKERS if marker in text]
            assert not leaked, f"{role} sees supplier B's {leaked} on {key}?{query}"


def _shared_cases() -> Iterator[Any]:
    for key, views in SHARED.items():
        kind = "api" if " " in key else "page"
        entry = PAGES.get(key) if kind == "page" else API.get(key)
        assert entry is not None, f"SHARED names {key}, which is not in the matrix"
        for index, view in enumerate(views):
            yield pytest.param(kind, key, entry, view, id=f"{kind}:{key}#{index}")


@pytest.mark.django_db
@pytest.mark.parametrize("role", PARTY_ROLES)
@pytest.mark.parametrize(("kind", "key", "entry", "view"), list(_shared_cases()))
def test_derived_views_show_only_what_is_the_viewers(
    matrix_world: Any, role: str, kind: str, key: str, entry: Entry, view: Shared
) -> None:
    """Agendas, histories and lookups of objects both suppliers see carry nothing of the other
    supplier's that its own page would hide."""
    world = matrix_world
    kwargs = view.kwargs(world) if view.kwargs else None
    query = view.query(world) if view.query else None
    response = _request(_client_for(world, role), world, kind, key, entry, kwargs, query)
    assert response.status_code == 200, f"{role} on {key}: {response.status_code}"
    body = _text(response)
    leaked = [marker for marker in view.markers if marker in body]
    assert not leaked, f"{role} sees supplier B's {leaked} on {key}"
    for query_variant in ({"export": "csv"}, {"as_of": AS_OF_DAY}):
        if kind == "page" and (
            ("export=csv" in body and "export" in query_variant)
            or ('name="as_of"' in body and "as_of" in query_variant)
        ):
            again = _request(
                _client_for(world, role),
                world,
                kind,
                key,
                entry,
                kwargs,
                {**(query or {}), **query_variant},
            )
            text = _text(again)
            leaked = [marker for marker in view.markers if marker in text]
            assert not leaked, f"{role} sees supplier B's {leaked} on {key}?{query_variant}"


@pytest.mark.django_db
@pytest.mark.parametrize(("kind", "key", "entry"), [c for c in _cases() if c.values[2].foreign])
def test_the_other_party_is_kept_out_symmetrically(
    matrix_world: Any, kind: str, key: str, entry: Entry
) -> None:
    """Supplier B's member cannot reach supplier A's objects either."""
    response = _request(
        _client_for(matrix_world, "other_party_member"),
        matrix_world,
        kind,
        key,
        entry,
        entry.own(matrix_world),
    )
    assert response.status_code == 404
