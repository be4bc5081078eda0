"""NUL characters in URLs, query strings and forms are refused before any view; invalid UTF-8
and oversize requests are a 4xx, never a 500."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from podium.apps.ecosystem.models import Party

pytestmark = pytest.mark.django_db
FORM = "application/x-www-form-urlencoded"


def signed_in(world: Any, role: str = "integrator_admin") -> Client:
    client = Client()
    client.force_login(world.users[role])
    return client


@pytest.mark.parametrize(
    ("url", "loc"),
    [
        ("/api/v1/ecosystem/parties/%00", ["path"]),
        ("/api/v1/operations/tickets/INC%00A", ["path"]),
        ("/api/v1/governance/forums?q=%00", ["query", "q"]),
        ("/api/v1/ecosystem/parties?limit=1%00", ["query", "limit"]),
        ("/api/v1/ecosystem/parties?x%00=1", ["query", "x\x00"]),
    ],
)
def test_under_the_api_a_nul_is_a_422_naming_its_place(
    world: Any, url: str, loc: list[str]
) -> None:
    response = signed_in(world).get(url)
    assert response.status_code == 422
    assert response.json() == {
        "detail": [
            {
                "type": "string_nul",
                "loc": loc,
                "msg": "NUL characters (\\u0000) are not allowed in text",
            }
        ]
    }


@pytest.mark.parametrize(
    "url",
    [
        "/ecosystem/contracts/C-ALPHA%001/",
        "/operations/tickets/INC%00A/",
        "/governance/raci/?party=%00",
        "/governance/who-to-call/?q=a%00b",
        "/ecosystem/parties/?q=%00",
    ],
)
def test_on_pages_a_nul_in_the_url_is_a_400(world: Any, url: str) -> None:
    response = signed_in(world).get(url)
    assert response.status_code == 400
    assert b"contains a NUL character" in response.content


def test_on_pages_a_nul_in_a_form_field_is_a_400_and_nothing_is_written(world: Any) -> None:
    body = "slug=gamma&name=Gamma%00&kind=cloud_provider&segment=routine&risk_tier=low"
    response = signed_in(world).post(
        reverse("ecosystem:party_create"), data=body, content_type=FORM
    )
    assert response.status_code == 400
    assert response.content == b"Bad request: the field 'name' contains a NUL character."
    assert not Party.objects.filter(slug="gamma").exists()


def test_invalid_utf8_in_a_query_string_is_read_as_replacement_characters(world: Any) -> None:
    client = signed_in(world)
    assert client.get("/ecosystem/parties/?q=%ff%fe").status_code == 200
    assert client.get("/governance/raci/?party=%ed%a0%80").status_code == 200
    assert client.get("/api/v1/governance/forums?q=%ff").status_code == 200


def test_invalid_utf8_in_a_form_re_renders_the_form(world: Any) -> None:
    response = signed_in(world).post(
        reverse("preferences"), data=b"time_zone=%ff%fe", content_type=FORM
    )
    assert response.status_code == 200
    assert b"Select a valid choice" in response.content
    response = signed_in(world).post(
        reverse("ecosystem:party_create"), data=b"slug=%ff&name=%ed%a0%80", content_type=FORM
    )
    assert response.status_code == 200
    assert not Party.objects.filter(name="\ufffd\ufffd\ufffd").exists()


def test_too_many_query_parameters_are_a_400_under_the_api_in_json(world: Any) -> None:
    query = "&".join(f"p{n}=1" for n in range(1001))
    assert signed_in(world).get(f"/ecosystem/parties/?{query}").status_code == 400
    response = signed_in(world).get(f"/api/v1/ecosystem/parties?{query}")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    assert "detail" in response.json()


def test_an_oversize_form_on_a_page_is_a_400(world: Any) -> None:
    response = signed_in(world).post(
        reverse("ecosystem:party_create"), data=b"name=" + b"x" * 3_000_000, content_type=FORM
    )
    assert response.status_code == 400
