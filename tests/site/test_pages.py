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


@pytest.mark.parametrize(
    "name",
    [
        "ecosystem:party_list",
        "ecosystem:contract_list",
        "operations:ticket_list",
        "governance:decision_list",
        "governance:action_list",
        "governance:forum_list",
    ],
)
def test_filters_use_words_not_dashes(world: Any, name: str) -> None:
    body = client_for(world.users["integrator_admin"]).get(reverse(name)).content.decode()
    assert "---------" not in body
    assert ">Unknown<" not in body
    assert '<option value="" selected>any</option>' in body


def test_the_ticket_filter_reads_any_open_closed(world: Any) -> None:
    client = client_for(world.users["integrator_admin"])
    body = client.get(reverse("operations:ticket_list")).content.decode()
    assert (
        '<option value="" selected>any</option>\n\n  <option value="true">open</option>\n\n  '
        '<option value="false">closed</option>'
    ) in body
    resolved = import_resolved_ticket(world)
    closed = client.get(reverse("operations:ticket_list"), {"open": "false"})
    assert [row.record.reference for row in closed.context["table"].rows] == [resolved]
    assert client.get(reverse("operations:ticket_list"), {"open": "true"}).context["total"] == 2


def import_resolved_ticket(world: Any) -> str:
    import datetime as dt

    from podium.apps.operations.services import (
        HistoricalEvent,
        HistoricalTicket,
        import_ticket_history,
    )

    at = dt.datetime(2026, 9, 1, 9, 0, tzinfo=dt.UTC)
    import_ticket_history(
        acting_user=None,
        source="test",
        tickets=[
            HistoricalTicket(
                reference="INC-DONE",
                title="Fixed",
                service_id=world.service_a.pk,
                component_id=world.component_a.pk,
                priority="P3",
                status="resolved",
                opened_at=at,
                resolved_at=at,
                closed_at=None,
                events=(HistoricalEvent(at, "resolved", "", world.supplier_a.pk, "Ops", "eng"),),
            )
        ],
    )
    return "INC-DONE"


def test_counts_are_pluralised(world: Any) -> None:
    body = client_for(world.users["party_member"]).get(reverse("home")).content.decode()
    assert 'data-figure="parties">1</span><span class="figure-label">party<' in body
    assert "1 parties" not in body
