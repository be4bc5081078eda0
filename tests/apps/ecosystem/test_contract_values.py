"""A contract's value, currency and target percentages: one rule on the model, so the API, the
edit page and governance as code refuse the same values (tests/core/test_governance_code.py
names them in YAML)."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from podium.apps.ecosystem.models import Contract

pytestmark = pytest.mark.django_db
URL = "/api/v1/ecosystem/contracts/C-ALPHA-1"


def admin(world: Any) -> Client:
    client = Client()
    client.force_login(world.users["integrator_admin"])
    return client


def problems(response: Any) -> dict[str, str]:
    """Field → messages, from either of the API's 422 shapes."""
    assert response.status_code == 422, response.content
    detail = response.json()["detail"]
    if isinstance(detail, dict):
        return {field: " ".join(messages) for field, messages in detail.items()}
    return {".".join(map(str, p["loc"][-1:])): p["msg"] for p in detail}


def patch(client: Client, body: dict[str, Any]) -> Any:
    return client.patch(URL, data=json.dumps(body), content_type="application/json")


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({"annual_value": "-0.01"}, "annual_value", "Must be zero or more."),
        ({"currency": "XYZ"}, "currency", "'XYZ' is not an ISO 4217 currency code"),
        ({"currency": "XAU"}, "currency", "'XAU' is not an ISO 4217 currency code"),
        ({"currency": "eur"}, "currency", "(did you mean 'EUR'?)"),
    ],
)
def test_the_api_refuses_negative_values_and_unknown_currencies(
    world: Any, body: dict[str, Any], field: str, message: str
) -> None:
    found = problems(patch(admin(world), body))
    assert message in found[field]
    contract = Contract.objects.get(reference="C-ALPHA-1")
    assert (contract.annual_value, contract.currency) == (Decimal("120000.00"), "EUR")


@pytest.mark.parametrize(
    ("target", "field"),
    [
        ({"availability_percent": "100.001"}, "availability_percent"),
        ({"availability_percent": "-1"}, "availability_percent"),
        ({"service_credit_percent": "-5"}, "service_credit_percent"),
        ({"service_credit_percent": "150"}, "service_credit_percent"),
    ],
)
def test_the_api_refuses_target_percentages_outside_0_to_100(
    world: Any, target: dict[str, str], field: str
) -> None:
    body = {"targets": [{"priority": "P1", "response_minutes": 15, "resolution_minutes": 240}]}
    body["targets"][0] |= target
    response = patch(admin(world), body)
    assert response.status_code == 422, response.content
    assert field in response.content.decode()


def test_a_valid_value_and_currency_are_kept(world: Any) -> None:
    response = patch(admin(world), {"annual_value": "0", "currency": "CHF"})
    assert response.status_code == 200, response.content
    assert (Decimal(response.json()["annual_value"]), response.json()["currency"]) == (0, "CHF")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"annual_value": "-1"}, b"Must be zero or more."),
        ({"currency": "ABC"}, b"is not an ISO 4217 currency code"),
    ],
)
def test_the_edit_page_refuses_them_too(world: Any, change: dict[str, str], message: bytes) -> None:
    body = {
        "party": str(world.supplier_a.pk),
        "reference": "C-ALPHA-1",
        "title": "Alpha hosting",
        "starts_on": "2025-01-01",
        "ends_on": "2027-12-31",
        "notice_period_days": "90",
        "annual_value": "125000",
        "currency": "EUR",
        "services": [str(world.service_a.pk)],
        "P1-response_minutes": "15",
        "P1-resolution_minutes": "240",
    } | change
    response = admin(world).post(reverse("ecosystem:contract_edit", args=["C-ALPHA-1"]), body)
    assert response.status_code == 200
    assert message in response.content
    assert Contract.objects.get(reference="C-ALPHA-1").annual_value == Decimal("120000.00")
