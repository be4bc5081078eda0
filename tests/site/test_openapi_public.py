"""The API's description is public on purpose: it documents shapes, never data.

`/api/v1/openapi.json` and `/api/v1/docs` answer without log-in so that integrators can read
the API before they have an account; every operation they describe still needs one.
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any

import pytest
from django.test import Client
from ninja import Schema

import podium.apps

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/api/v1/openapi.json", "/api/v1/docs"])
def test_the_api_description_answers_without_log_in_and_holds_no_data(world: Any, url: str) -> None:
    response = Client().get(url)
    assert response.status_code == 200
    body = response.content.decode()
    rows = [
        world.supplier_a.name,
        world.supplier_b.slug,
        world.contract_a.reference,
        world.ticket_b.reference,
        world.users["party_member"].username,
        "lead@alpha.example",
    ]
    assert not [row for row in rows if row in body]


def test_every_operation_it_describes_needs_a_session(world: Any) -> None:
    document = Client().get("/api/v1/openapi.json").json()
    open_operations = [
        f"{method.upper()} {path}"
        for path, operations in document["paths"].items()
        for method, operation in operations.items()
        if not operation.get("security")
    ]
    assert open_operations == []
    assert Client().get("/api/v1/ecosystem/contracts").status_code == 401


def _schemas_by_name() -> dict[str, set[str]]:
    """Every ninja Schema class the API modules define, by class name → defining modules."""
    found: dict[str, set[str]] = {}
    for info in pkgutil.walk_packages(podium.apps.__path__, "podium.apps."):
        if ".api" not in info.name:
            continue
        module = importlib.import_module(info.name)
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, Schema)
                and value.__module__ == info.name
            ):
                found.setdefault(value.__name__, set()).add(info.name)
    return found


def test_every_schema_of_the_api_has_a_name_of_its_own() -> None:
    """The OpenAPI document names shapes by class name: two classes of one name would be
    described as one, and one of them wrongly."""
    found = _schemas_by_name()
    assert len(found) > 30
    shared = {name: sorted(modules) for name, modules in found.items() if len(modules) > 1}
    assert not shared
