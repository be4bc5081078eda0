"""Pages: home per role, lists with URL filters, CSV export, htmx partials (query counts are
pinned in test_query_counts.py)."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from podium.apps.accounts.models import User

pytestmark = pytest.mark.django_db


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    ("role", "heading", "parties", "tickets"),
    [
        ("integrator_admin", "Integrator office", 3, 2),
        ("auditor", "Audit view", 3, 2),
        ("party_member", "Alpha Cloud", 1, 1),
    ],
)
def test_home_shows_real_numbers_per_role(
    world: Any, role: str, heading: str, parties: int, tickets: int
) -> None:
    response = client_for(world.users[role]).get(reverse("home"))
    summary = response.context["summary"]
    assert summary.heading == heading
    assert (summary.parties, summary.tickets) == (parties, tickets)
    assert f'data-figure="parties">{parties}<' in response.content.decode()
    holders = {row["party"]: row["open"] for row in summary.open_by_holder}
    expected = {"Alpha Cloud": 1, "Beta Networks": 1} if tickets == 2 else {"Alpha Cloud": 1}
    assert holders == expected


def test_list_filters_live_in_the_url(world: Any) -> None:
    client = client_for(world.users["integrator_admin"])
    response = client.get(reverse("ecosystem:party_list"), {"kind": "network_carrier"})
    names = [row.record.name for row in response.context["table"].rows]
    assert names == ["Beta Networks"]
    assert response.context["total"] == 1


def test_csv_export_has_exactly_the_filtered_rows(world: Any) -> None:
    client = client_for(world.users["integrator_admin"])
    response = client.get(
        reverse("ecosystem:party_list"), {"kind": "cloud_provider", "export": "csv"}
    )
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][0] == "Name"
    assert [r[0] for r in rows[1:]] == ["Alpha Cloud"]


def test_an_htmx_request_gets_only_the_table(world: Any) -> None:
    client = client_for(world.users["integrator_admin"])
    response = client.get(
        reverse("operations:ticket_list"), {"open": "true"}, HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert "<html" not in body
    assert "INC-A" in body
    assert "INC-B" in body


def test_time_zone_preference_is_saved_audited_and_used(world: Any) -> None:
    user = world.users["party_member"]
    client = client_for(user)
    response = client.post(reverse("preferences"), {"time_zone": "Asia/Kolkata"})
    assert response.status_code == 302
    assert User.objects.get(pk=user.pk).time_zone == "Asia/Kolkata"
    page = client.get(reverse("operations:ticket_detail", kwargs={"reference": "INC-A"}))
    # 09:00 UTC is 14:30 in India.
    assert "2026-10-05 14:30 IST" in page.content.decode()
    refused = client.post(reverse("preferences"), {"time_zone": "Mars/Olympus"})
    assert refused.status_code == 200
    assert User.objects.get(pk=user.pk).time_zone == "Asia/Kolkata"


@pytest.mark.parametrize("path", ["/api/nothing/here", "/tmf-api/troubleTicket/v5/x\ny"])
def test_an_unanswered_api_address_is_json_for_every_method(path: str) -> None:
    client = Client(enforce_csrf_checks=True)
    for method in ("get", "post", "patch", "delete"):
        response = getattr(client, method)(path)
        assert response.status_code == 404, (method, path)
        assert response["Content-Type"].startswith("application/json")
