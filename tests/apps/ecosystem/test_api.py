"""`/api/v1/ecosystem/` writes: create and update, 422 with field errors, 403, 404."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from tests.support.api import problems

pytestmark = pytest.mark.django_db
BASE = "/api/v1/ecosystem"


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def send(client: Client, method: str, path: str, body: Any) -> Any:
    return getattr(client, method)(
        BASE + path, data=json.dumps(body), content_type="application/json"
    )


def test_create_and_update_a_component_with_dependencies(world: Any) -> None:
    client = client_for(world.users["integrator_admin"])
    created = send(
        client,
        "post",
        "/components",
        {
            "slug": "alpha-db",
            "name": "Alpha DB",
            "kind": "database",
            "run_by": "alpha",
            "depends_on": ["alpha-k8s"],
        },
    )
    assert created.status_code == 201
    assert created.json()["depends_on"] == ["alpha-k8s"]
    changed = send(client, "patch", "/components/alpha-db", {"description": "Primary"})
    assert changed.status_code == 200
    assert changed.json()["depends_on"] == ["alpha-k8s"]


def test_a_cycle_is_a_422_naming_the_field(world: Any) -> None:
    client = client_for(world.users["integrator_admin"])
    assert (
        send(client, "patch", "/components/alpha-k8s", {"depends_on": ["beta-wan"]}).status_code
        == 200
    )
    response = send(client, "patch", "/components/beta-wan", {"depends_on": ["alpha-k8s"]})
    assert response.status_code == 422
    assert "would close a dependency cycle" in problems(response)["body.payload.depends_on"]


def test_bad_calendar_hours_and_unknown_slugs_are_422(world: Any) -> None:
    client = client_for(world.users["integrator_admin"])
    bad_hours = send(
        client,
        "post",
        "/calendars",
        {"slug": "x", "name": "X", "time_zone": "UTC", "weekly_hours": "mon-fri 17:00-09:00"},
    )
    assert bad_hours.status_code == 422
    assert "17:00-09:00" in problems(bad_hours)["body.payload.weekly_hours"]
    unknown = send(
        client,
        "post",
        "/contracts",
        {
            "reference": "C-9",
            "party": "nobody",
            "title": "T",
            "starts_on": "2026-01-01",
            "ends_on": "2026-02-01",
        },
    )
    assert unknown.status_code == 422
    assert "nobody" in problems(unknown)["body.payload.party"]


def test_contract_targets_through_the_api(world: Any) -> None:
    client = client_for(world.users["integrator_admin"])
    response = send(
        client,
        "patch",
        "/contracts/C-ALPHA-1",
        {
            "targets": [
                {
                    "priority": "P2",
                    "response_minutes": 30,
                    "resolution_minutes": 480,
                    "service_credit_percent": "5",
                }
            ]
        },
    )
    assert response.status_code == 200
    assert [t["priority"] for t in response.json()["targets"]] == ["P2"]


def _target(priority: str, **values: Any) -> dict[str, Any]:
    return {"priority": priority, "response_minutes": 30, "resolution_minutes": 480} | values


def test_a_bad_target_is_named_by_its_place_in_the_body(world: Any) -> None:
    client = client_for(world.users["integrator_admin"])
    targets = [_target("P1"), _target("P2", availability_percent="140")]
    response = send(client, "patch", "/contracts/C-ALPHA-1", {"targets": targets})
    assert response.status_code == 422
    assert list(problems(response)) == ["body.payload.targets.1.availability_percent"]
    unknown = send(client, "patch", "/contracts/C-ALPHA-1", {"targets": [_target("P9")]})
    assert list(problems(unknown)) == ["body.payload.targets.0.priority"]


def test_a_priority_given_twice_is_refused_not_collapsed(world: Any) -> None:
    client = client_for(world.users["integrator_admin"])
    targets = [_target("P2"), _target("P3"), _target("P2", response_minutes=5)]
    response = send(client, "patch", "/contracts/C-ALPHA-1", {"targets": targets})
    assert response.status_code == 422
    assert problems(response) == {
        "body.payload.targets.2.priority": "P2 is given twice (also as targets.0)"
    }
    contract = client.get(f"{BASE}/contracts/C-ALPHA-1").json()
    assert [t["priority"] for t in contract["targets"]] == ["P1"]


def test_others_get_403_and_a_party_user_404_on_another_partys_contract(world: Any) -> None:
    analyst = client_for(world.users["integrator_analyst"])
    assert send(analyst, "patch", "/contracts/C-ALPHA-1", {"scope": "x"}).status_code == 403
    member = client_for(world.users["party_member"])
    assert member.get(f"{BASE}/contracts/C-BETA-1").status_code == 404
    assert send(member, "patch", "/contracts/C-BETA-1", {"scope": "x"}).status_code == 404
    own = member.get(f"{BASE}/contracts/C-ALPHA-1").json()
    assert own["annual_value"] == "120000.00"
    assert [c["party"] for c in member.get(f"{BASE}/contacts").json()["items"]] == ["alpha"]


def test_a_party_s_code_through_the_api(world: Any) -> None:
    client = client_for(world.users["integrator_admin"])
    created = send(
        client, "post", "/parties", {"slug": "gamma", "name": "Gamma", "kind": "saas_vendor"}
    )
    assert created.status_code == 201
    assert (created.json()["code"], created.json()["colour"]) == ("GAM", "orange")
    changed = send(client, "patch", "/parties/gamma", {"code": "GMA"})
    assert changed.json()["code"] == "GMA"
    taken = send(client, "patch", "/parties/gamma", {"code": world.supplier_a.code})
    assert "body.payload.code" in problems(taken)
    bad = send(client, "patch", "/parties/gamma", {"colour": "mauve"})
    assert "body.payload.colour" in problems(bad)
