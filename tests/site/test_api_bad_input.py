"""Bad input to any `/api/v1/` operation is a 4xx that names the field, never a 500.

The operations and a valid request for each come from the authorization matrix
(tests/authorization/entries/), the fields from the OpenAPI document: a new endpoint is swept
as soon as the matrix lists it. Every string field of every write gets a lone surrogate, a NUL
character and (where the schema allows it) JSON null; every list gets out-of-range paging.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import cache
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from django.test.client import MULTIPART_CONTENT, encode_multipart
from tests.authorization.support import Entry
from tests.authorization.test_matrix import API, MODULES
from tests.support.rolled_back import module_transaction
from tests.support.world import build_world

from podium.site.api import api

WRITES = ("post", "patch", "put")


@pytest.fixture(scope="module")
def _world_rows(django_db_setup: Any, django_db_blocker: Any) -> Iterator[Any]:
    """The matrix world, built once and rolled back at the end (see tests/authorization)."""
    with module_transaction(django_db_blocker):
        world = build_world()
        for module in MODULES:
            if (build := getattr(module, "build", None)) is not None:
                build(world)
        yield world


@pytest.fixture
def world(_world_rows: Any, db: Any) -> Any:
    return _world_rows


@cache
def _schema() -> dict[str, Any]:
    """The OpenAPI document, built once (building it takes ~0.15 s of processor time, and the
    sweep reads it for every operation and field, at collection and in each test)."""
    return api.get_openapi_schema()


def _resolve(node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        node = _schema()["components"]["schemas"][node["$ref"].rsplit("/", 1)[1]]
    return node


def _types(prop: dict[str, Any]) -> set[str]:
    prop = _resolve(prop)
    options = prop.get("anyOf", [prop])
    return {str(option.get("type", "object")) for option in options}


def _body_properties(method: str, path: str) -> dict[str, dict[str, Any]]:
    operation = _schema()["paths"][path][method]
    content = operation.get("requestBody", {}).get("content", {})
    if "application/json" not in content:
        return {}
    return dict(_resolve(content["application/json"]["schema"]).get("properties", {}))


def _writes() -> Iterator[Any]:
    for key, entry in sorted(API.items()):
        verb, path = key.split(" ", 1)
        if verb.lower() in WRITES and entry.body is not None:
            yield pytest.param(verb.lower(), path, entry, id=key)


def _lists() -> Iterator[Any]:
    for key, entry in sorted(API.items()):
        verb, path = key.split(" ", 1)
        parameters = _schema()["paths"][path][verb.lower()].get("parameters", [])
        if verb == "GET" and any(p["name"] == "limit" for p in parameters):
            yield pytest.param(path, entry, id=key)


def _client(world: Any, entry: Entry) -> Client:
    role = "integrator_admin" if "integrator_admin" in entry.allowed_roles else None
    client = Client()
    client.force_login(world.users[role or entry.allowed_roles[0]])
    return client


def _send(client: Client, method: str, url: str, body: Any) -> Any:
    """One request whose writes are rolled back, so the next starts from the same world."""
    with transaction.atomic():
        response = getattr(client, method)(
            url, data=json.dumps(body), content_type="application/json"
        )
        transaction.set_rollback(True)
    return response


def _messages(response: Any, field: str) -> str:
    """What a 422 says about `field`, from either shape of a refusal: `{field: [messages]}` or
    a list of `{loc, msg}` whose loc ends at the field."""
    detail = response.json()["detail"]
    if isinstance(detail, dict):
        return " ".join(detail.get(field, []))
    return " ".join(e["msg"] for e in detail if e["loc"] and e["loc"][-1] == field)


def _locs(response: Any) -> list[list[Any]]:
    detail = response.json()["detail"]
    assert isinstance(detail, list), detail
    return [error["loc"] for error in detail]


@pytest.mark.django_db
def test_the_sweep_covers_writes_and_lists() -> None:
    assert len(list(_writes())) >= 10
    assert len(list(_lists())) >= 8


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "path", "entry"), list(_writes()))
def test_text_that_no_database_can_store_is_a_422_naming_the_field(
    world: Any, method: str, path: str, entry: Entry
) -> None:
    client = _client(world, entry)
    url = path.format(**(entry.own(world) if entry.own else {}))
    assert entry.body is not None
    strings = [n for n, p in _body_properties(method, path).items() if "string" in _types(p)]
    assert strings, f"{method} {path} has no text field to try"
    for name in strings:
        for bad in ("\ud800", "a\x00b", "\udfff tail"):
            response = _send(client, method, url, entry.body(world) | {name: bad})
            assert response.status_code == 422, (name, bad, response.content)
            assert ["body", "payload", name] in _locs(response), (name, bad, response.content)


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "path", "entry"), list(_writes()))
def test_null_for_an_optional_field_is_never_a_500(
    world: Any, method: str, path: str, entry: Entry
) -> None:
    client = _client(world, entry)
    url = path.format(**(entry.own(world) if entry.own else {}))
    assert entry.body is not None
    for name, prop in _body_properties(method, path).items():
        if "null" not in _types(prop):
            continue
        response = _send(client, method, url, entry.body(world) | {name: None})
        assert response.status_code < 500, (name, response.content)
        if response.status_code >= 400:
            assert name in response.content.decode(), (name, response.content)


OWN_MEDIA_TYPES = {"/api/v1/events"}


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "path", "entry"), list(_writes()))
def test_a_form_body_from_a_signed_in_browser_is_a_400_asking_for_json(
    world: Any, method: str, path: str, entry: Entry
) -> None:
    """The CSRF check reads a form body as a form before the API could read it as JSON."""
    role = "integrator_admin" if "integrator_admin" in entry.allowed_roles else None
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users[role or entry.allowed_roles[0]])
    client.get("/")
    token = client.cookies["csrftoken"].value
    url = path.format(**(entry.own(world) if entry.own else {}))
    assert entry.body is not None
    form = {"csrfmiddlewaretoken": token} | {
        name: str(value) for name, value in entry.body(world).items()
    }
    with transaction.atomic():
        if method == "post":
            response = client.post(url, form, HTTP_X_CSRFTOKEN=token)
        else:
            body = encode_multipart("boundary", form)
            response = getattr(client, method)(
                url,
                body,
                content_type=MULTIPART_CONTENT.replace("BoUnDaRyStRiNg", "boundary"),
                HTTP_X_CSRFTOKEN=token,
            )
        transaction.set_rollback(True)
    # the bulk events endpoint reads its body itself and takes two media types: any other is 415
    expected = 415 if path in OWN_MEDIA_TYPES else 400
    assert response.status_code == expected, response.content
    assert "application/json" in response.json()["detail"]


@pytest.mark.django_db
@pytest.mark.parametrize(("path", "entry"), list(_lists()))
@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("limit=9223372036854775808", "limit"),
        ("offset=9223372036854775808", "offset"),
        ("limit=0", "limit"),
        ("limit=501", "limit"),
        ("offset=-1", "offset"),
        ("offset=1000000001", "offset"),
        ("limit=" + "9" * 5000, "limit"),
    ],
)
def test_paging_out_of_range_is_a_422_naming_the_parameter(
    world: Any, path: str, entry: Entry, query: str, field: str
) -> None:
    url = path.format(**(entry.own(world) if entry.own else {}))
    response = _client(world, entry).get(f"{url}?{query}")
    assert response.status_code == 422, response.content
    assert ["query", field] in _locs(response)


@pytest.mark.django_db
@pytest.mark.parametrize(("path", "entry"), list(_lists()))
def test_paging_within_range_answers(world: Any, path: str, entry: Entry) -> None:
    url = path.format(**(entry.own(world) if entry.own else {}))
    response = _client(world, entry).get(f"{url}?limit=500&offset=1000000000")
    assert response.status_code == 200, response.content
    assert response.json()["items"] == []


# -- exact cases ------------------------------------------------------------------------------


def _admin(world: Any) -> Client:
    client = Client()
    client.force_login(world.users["integrator_admin"])
    return client


def _raw(client: Client, method: str, url: str, body: bytes, content_type: str) -> Any:
    with transaction.atomic():
        response = getattr(client, method)(url, data=body, content_type=content_type)
        transaction.set_rollback(True)
    return response


@pytest.mark.django_db
def test_a_bad_string_deep_in_a_body_is_named_by_its_json_path(world: Any) -> None:
    body = {"targets": [{"priority": "P1", "response_minutes": 5, "resolution_minutes": 60}] * 2}
    body["targets"] = [body["targets"][0], {**body["targets"][0], "priority": "P\ud8002"}]
    response = _send(_admin(world), "patch", "/api/v1/ecosystem/contracts/C-ALPHA-1", body)
    assert response.status_code == 422
    assert response.json()["detail"] == [
        {
            "type": "string_unicode",
            "loc": ["body", "payload", "targets", 1, "priority"],
            "msg": "\\ud800 at position 1 is a lone surrogate, not a character: "
            "text must be valid Unicode",
        }
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "body",
    [b'{"name": "x", "\\u0000": 1}', b'{"name": "\xed\xa0\x80"}', b'{"name": "\\udc00"}'],
    ids=["nul-in-a-key", "surrogate-as-raw-utf8-bytes", "low-surrogate"],
)
def test_keys_and_raw_bytes_are_screened_too(world: Any, body: bytes) -> None:
    response = _raw(
        _admin(world), "patch", "/api/v1/ecosystem/parties/alpha", body, "application/json"
    )
    assert response.status_code == 422, response.content
    assert response.json()["detail"][0]["loc"][:2] == ["body", "payload"]


@pytest.mark.django_db
def test_many_bad_strings_are_listed_up_to_a_bound(world: Any) -> None:
    body = {"components": ["\x00"] * 500}
    response = _send(_admin(world), "patch", "/api/v1/ecosystem/services/web-shop", body)
    detail = response.json()["detail"]
    assert response.status_code == 422
    assert len(detail) == 20
    assert detail[0]["loc"] == ["body", "payload", "components", 0]
    assert detail[-1]["msg"].endswith("(and more strings like it further on)")


@pytest.mark.django_db
def test_null_clears_text_and_lists(world: Any) -> None:
    client = _admin(world)
    party = client.patch(
        "/api/v1/ecosystem/parties/alpha",
        data=json.dumps({"description": None, "calendar": None}),
        content_type="application/json",
    )
    assert party.status_code == 200, party.content
    from podium.apps.ecosystem.models import BusinessCalendar, Party, Service

    alpha = Party.objects.get(slug="alpha")
    assert (alpha.description, alpha.calendar) == ("", None)
    service = client.patch(
        "/api/v1/ecosystem/services/web-shop",
        data=json.dumps({"owner": None, "components": None}),
        content_type="application/json",
    )
    assert service.status_code == 200, service.content
    assert service.json()["components"] == []
    assert Service.objects.get(slug="web-shop").owner == ""
    calendar = client.patch(
        "/api/v1/ecosystem/calendars/alpha-hours",
        data=json.dumps({"closures": None, "country": None}),
        content_type="application/json",
    )
    assert calendar.status_code == 200, calendar.content
    hours = BusinessCalendar.objects.get(slug="alpha-hours")
    assert (hours.closures, hours.country) == ([], "")


@pytest.mark.django_db
@pytest.mark.parametrize("field", ["name", "kind"])
def test_null_for_required_text_is_refused_as_blank(world: Any, field: str) -> None:
    response = _send(_admin(world), "patch", "/api/v1/ecosystem/parties/alpha", {field: None})
    assert response.status_code == 422
    assert _messages(response, field)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "zone", ["Europe", "Etc", "x" * 1_000_000, "../../etc/passwd", "UTC\u2028", "Etc/", "localtime"]
)
@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/ecosystem/parties/alpha",
        "/api/v1/ecosystem/contacts/{contact}",
        "/api/v1/ecosystem/calendars/alpha-hours",
    ],
)
def test_a_time_zone_that_is_not_an_iana_key_is_a_422_naming_it(
    world: Any, zone: str, path: str
) -> None:
    url = path.format(contact=world.contact_a.pk)
    response = _send(_admin(world), "patch", url, {"time_zone": zone})
    assert response.status_code == 422, response.content[:300]
    assert "is not an IANA time zone" in _messages(response, "time_zone")
    assert len(response.content) < 500  # a megabyte of input is not echoed back


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (json.dumps({"name": "x" * 3_000_000}).encode(), "application/json"),
        (b"name=" + b"x" * 3_000_000, "application/x-www-form-urlencoded"),
    ],
    ids=["json", "form"],
)
def test_an_oversize_body_is_a_413_with_a_json_error(
    world: Any, body: bytes, content_type: str
) -> None:
    response = _raw(_admin(world), "post", "/api/v1/ecosystem/parties", body, content_type)
    assert response.status_code == 413
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {
        "detail": "The request body is larger than the 2.5 MB this API accepts."
    }
