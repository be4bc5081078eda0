"""Ecosystem pages: forms create and edit, history shows before → after, as_of, lists, map."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from podium.apps.ecosystem import services as eco
from podium.apps.ecosystem.models import Component, Party

pytestmark = pytest.mark.django_db


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def csv_rows(response: Any) -> list[list[str]]:
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


def test_create_a_party_then_its_detail_shows_it(world: Any) -> None:
    client = client_for(world.users["integrator_admin"])
    response = client.post(
        reverse("ecosystem:party_create"),
        {
            "name": "Gamma SaaS",
            "kind": "saas_vendor",
            "segment": "leverage",
            "risk_tier": "low",
            "time_zone": "Europe/Paris",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("ecosystem:party_detail", args=["gamma-saas"])
    page = client.get(response["Location"]).content.decode()
    assert "Gamma SaaS" in page
    assert "Leverage" in page


def test_a_bad_form_shows_errors_next_to_the_fields_and_writes_nothing(world: Any) -> None:
    client = client_for(world.users["integrator_admin"])
    response = client.post(
        reverse("ecosystem:party_create"),
        {"name": "Alpha Cloud", "kind": "", "time_zone": "Mars/Olympus"},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_kind-error"' in body
    assert 'aria-invalid="true"' in body
    assert "Mars/Olympus" in body
    assert "IANA" in body
    assert Party.objects.count() == 3


def test_edit_shows_in_the_history_with_before_and_after(world: Any) -> None:
    client = client_for(world.users["integrator_admin"])
    response = client.post(
        reverse("ecosystem:service_edit", args=["web-shop"]),
        {
            "name": "Web shop",
            "slug": "web-shop",
            "criticality": "high",
            "owner": "Sales",
            "components": [world.component_a.pk, world.component_b.pk],
        },
    )
    assert response.status_code == 302
    page = client.get(reverse("ecosystem:service_detail", args=["web-shop"])).content.decode()
    assert "<del>critical</del> → <ins>high</ins>" in page
    assert "integrator-admin" in page
    assert "beta-wan" in page  # the components it needs, before → after


def test_a_cycle_in_the_form_is_shown_on_the_field_and_nothing_changes(world: Any) -> None:
    eco.add_dependency(acting_user=None, source=world.component_a, target=world.component_b)
    client = client_for(world.users["integrator_admin"])
    response = client.post(
        reverse("ecosystem:component_edit", args=["beta-wan"]),
        {
            "name": "Beta WAN",
            "slug": "beta-wan",
            "kind": "network",
            "run_by": world.supplier_b.pk,
            "depends_on": [world.component_a.pk],
        },
    )
    assert response.status_code == 200
    assert "Beta WAN → Alpha cluster → Beta WAN would close a dependency cycle" in (
        response.content.decode()
    )
    assert list(world.component_b.depends_on.all()) == []


def test_as_of_shows_the_object_as_it_was_at_the_end_of_that_day(world: Any) -> None:
    eco.save_party(acting_user=None, party=world.supplier_a, description="New description")
    history = world.supplier_a.history.order_by("history_date")
    first, last = history.first(), history.last()
    history.filter(pk=first.pk).update(history_date=dt.datetime(2025, 3, 1, 10, tzinfo=dt.UTC))
    history.filter(pk=last.pk).update(history_date=dt.datetime(2025, 6, 1, 10, tzinfo=dt.UTC))
    client = client_for(world.users["auditor"])
    url = reverse("ecosystem:party_detail", args=["alpha"])
    shown = "<dt>About</dt><dd>New description</dd>"
    assert shown not in client.get(url, {"as_of": "2025-05-31"}).content.decode()
    assert shown in client.get(url, {"as_of": "2025-06-01"}).content.decode()
    assert "did not exist yet" in client.get(url, {"as_of": "2025-02-28"}).content.decode()
    assert "is not a date" in client.get(url, {"as_of": "yesterday"}).content.decode()


def test_contract_list_flags_notice_and_expiry_and_exports_the_filtered_rows(world: Any) -> None:
    eco.ensure_contract(
        acting_user=None,
        reference="C-OLD",
        party=world.supplier_a,
        title="Old",
        starts_on=dt.date(2020, 1, 1),
        ends_on=dt.date(2021, 1, 1),
    )
    client = client_for(world.users["integrator_admin"])
    page = client.get(reverse("ecosystem:contract_list")).content.decode()
    assert 'data-status="expired"' in page
    rows = csv_rows(
        client.get(reverse("ecosystem:contract_list"), {"status": "expired", "export": "csv"})
    )
    assert rows[0][:2] == ["Reference", "Title"]
    assert [r[0] for r in rows[1:]] == ["C-OLD"]
    assert rows[1][6] == "Expired"


def test_contract_form_saves_targets_and_coverage(world: Any) -> None:
    client = client_for(world.users["integrator_admin"])
    response = client.post(
        reverse("ecosystem:contract_create"),
        {
            "party": world.supplier_a.pk,
            "reference": "C-ALPHA-2",
            "title": "Alpha backup",
            "starts_on": "2026-01-01",
            "ends_on": "2026-12-31",
            "notice_period_days": "60",
            "annual_value": "5000",
            "currency": "EUR",
            "components": [world.component_a.pk],
            "P2-response_minutes": "30",
            "P2-resolution_minutes": "480",
            "P2-service_credit_percent": "2.5",
        },
    )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "P2 – high" in page
    assert "2.50 %" in page
    assert "Alpha cluster" in page
    assert "2026-11-01" in page  # notice deadline: 60 days before the end


def test_contract_target_half_filled_is_an_error_in_its_row(world: Any) -> None:
    client = client_for(world.users["integrator_admin"])
    response = client.post(
        reverse("ecosystem:contract_edit", args=["C-ALPHA-1"]),
        {
            "party": world.supplier_a.pk,
            "reference": "C-ALPHA-1",
            "title": "Alpha hosting",
            "starts_on": "2025-01-01",
            "ends_on": "2027-12-31",
            "notice_period_days": "90",
            "annual_value": "1",
            "currency": "EUR",
            "P3-response_minutes": "30",
        },
    )
    assert response.status_code == 200
    assert 'id="id_P3-resolution_minutes-error"' in response.content.decode()


def test_calendar_form_reports_the_bad_hours_text(world: Any) -> None:
    client = client_for(world.users["integrator_admin"])
    response = client.post(
        reverse("ecosystem:calendar_create"),
        {"name": "Odd", "time_zone": "UTC", "weekly_hours": "mon-fri 9-17"},
    )
    body = response.content.decode()
    assert 'id="id_weekly_hours-error"' in body
    assert "9-17" in body


def test_a_party_user_sees_only_its_own_contacts_contracts_and_calendars(world: Any) -> None:
    client = client_for(world.users["party_member"])
    for name in ("contact_list", "contract_list", "calendar_list"):
        body = client.get(reverse(f"ecosystem:{name}")).content.decode()
        assert "Beta" not in body
        assert "beta" not in body
    contacts = client.get(reverse("ecosystem:contact_list")).content.decode()
    assert "Alpha Cloud lead" in contacts


@pytest.mark.parametrize(
    ("name", "kwargs"),
    [
        ("party_edit", {"slug": "beta"}),
        ("service_edit", {"slug": "branch-voice"}),
        ("component_edit", {"slug": "beta-wan"}),
        ("contract_edit", {"reference": "C-BETA-1"}),
    ],
)
def test_a_party_user_gets_404_on_another_partys_edit_forms(
    world: Any, name: str, kwargs: Any
) -> None:
    client = client_for(world.users["party_manager"])
    assert client.get(reverse(f"ecosystem:{name}", kwargs=kwargs)).status_code == 404
    assert client.post(reverse(f"ecosystem:{name}", kwargs=kwargs), {}).status_code == 404


def test_deleting_a_party_in_use_is_refused_plainly(world: Any) -> None:
    client = client_for(world.users["integrator_admin"])
    response = client.post(reverse("ecosystem:party_delete", args=["alpha"]), follow=True)
    assert "cannot be deleted: it is still used by" in response.content.decode()
    assert Party.objects.filter(slug="alpha").exists()


def test_the_map_shows_every_visible_node_and_none_of_another_party(world: Any) -> None:
    admin_map = client_for(world.users["integrator_admin"]).get(reverse("ecosystem:map"))
    body = admin_map.content.decode()
    assert "<svg" in body
    assert 'role="img"' in body
    for name in (
        "Alpha Cloud",
        "Beta Networks",
        "Alpha cluster",
        "Beta WAN",
        "Web shop",
        "Branch voice",
    ):
        assert f">{name}</text>" in body
    member_map = (
        client_for(world.users["party_member"]).get(reverse("ecosystem:map")).content.decode()
    )
    for name in ("Alpha Cloud", "Alpha cluster", "Web shop"):
        assert f">{name}</text>" in member_map
    assert "Beta" not in member_map
    assert "Branch voice" not in member_map


def test_the_map_filters_and_its_csv_match(world: Any) -> None:
    client = client_for(world.users["integrator_admin"])
    page = client.get(reverse("ecosystem:map"), {"criticality": "critical"}).content.decode()
    assert ">Web shop</text>" in page
    assert ">Branch voice</text>" not in page
    rows = csv_rows(client.get(reverse("ecosystem:map"), {"party": "beta", "export": "csv"}))
    assert rows == [
        ["Party", "Component", "Service", "Criticality"],
        ["Beta Networks", "Beta WAN", "Branch voice", "Medium"],
    ]


@pytest.mark.parametrize(
    ("name", "queries"),
    [("ecosystem:contract_list", 5), ("ecosystem:contact_list", 5), ("ecosystem:calendar_list", 5)],
)
def test_list_query_counts_are_pinned(world: Any, name: str, queries: int) -> None:
    eco.save_calendar(
        acting_user=None, name="NL", slug="nl", time_zone="UTC", weekly_hours="mon 09:00-10:00"
    )
    client = client_for(world.users["integrator_admin"])
    client.get(reverse(name))
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse(name)).status_code == 200
    assert len(captured) == queries, [q["sql"] for q in captured]


def test_component_created_in_the_form_depends_on_another(world: Any) -> None:
    client = client_for(world.users["integrator_admin"])
    client.post(
        reverse("ecosystem:component_create"),
        {
            "name": "Alpha DB",
            "kind": "database",
            "run_by": world.supplier_a.pk,
            "depends_on": [world.component_a.pk],
        },
    )
    assert list(Component.objects.get(slug="alpha-db").depends_on.all()) == [world.component_a]


def test_the_party_form_makes_a_code_or_takes_one_in_capitals(world: Any) -> None:
    client = client_for(world.users["integrator_admin"])
    base = {"kind": "saas_vendor", "segment": "leverage", "risk_tier": "low", "time_zone": "UTC"}
    client.post(reverse("ecosystem:party_create"), {**base, "name": "Gamma SaaS"})
    client.post(reverse("ecosystem:party_create"), {**base, "name": "Delta", "code": "dlt"})
    assert Party.objects.get(slug="gamma-saas").code == "GAM"
    assert Party.objects.get(slug="delta").code == "DLT"
    response = client.post(
        reverse("ecosystem:party_create"), {**base, "name": "Epsilon", "code": "DLT"}
    )
    assert response.status_code == 200
    assert 'id="id_code-error"' in response.content.decode()
