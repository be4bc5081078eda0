"""Services and pages of the responsibility matrix, on the two-supplier test world."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from podium.apps.governance.models import Activity, ResponsibilityAssignment
from podium.apps.governance.services import raci
from podium.platform.models import AuditEvent

pytestmark = pytest.mark.django_db


def incident() -> Activity:
    return Activity.objects.get(code="incident-resolution")


def test_assign_audits_once_and_is_idempotent(world: Any) -> None:
    admin = world.users["integrator_admin"]
    row, created = raci.assign(
        acting_user=admin,
        obj=world.service_a,
        activity=incident(),
        party=world.supplier_a,
        role="R",
    )
    assert created
    again, created_again = raci.assign(
        acting_user=admin,
        obj=world.service_a,
        activity=incident(),
        party=world.supplier_a,
        role="R",
    )
    assert again == row
    assert not created_again
    assert AuditEvent.objects.filter(action="governance.assignment.created").count() == 1
    raci.unassign(acting_user=admin, assignment=row)
    assert AuditEvent.objects.filter(action="governance.assignment.deleted").count() == 1
    assert not ResponsibilityAssignment.objects.exists()


@pytest.mark.parametrize("role", ["integrator_analyst", "auditor", "party_manager", "party_member"])
def test_only_integrator_admins_write(world: Any, role: str) -> None:
    with pytest.raises(PermissionDenied):
        raci.assign(
            acting_user=world.users[role],
            obj=world.service_a,
            activity=incident(),
            party=world.supplier_a,
            role="R",
        )
    with pytest.raises(PermissionDenied):
        raci.ensure_activity(acting_user=world.users[role], code="x", name="X")


def test_set_cell_adds_and_removes(world: Any) -> None:
    admin = world.users["integrator_admin"]
    raci.set_cell(
        acting_user=admin,
        obj=world.component_a,
        activity=incident(),
        letters={"A": [world.integrator], "R": [world.supplier_a]},
    )
    added, removed = raci.set_cell(
        acting_user=admin,
        obj=world.component_a,
        activity=incident(),
        letters={"R": [world.supplier_a]},
    )
    assert (added, removed) == (0, 1)
    assert list(ResponsibilityAssignment.objects.values_list("role", flat=True)) == ["R"]


def test_set_cell_keeps_the_notes_of_letters_it_keeps(world: Any) -> None:
    admin = world.users["integrator_admin"]
    raci.assign(
        acting_user=admin,
        obj=world.component_a,
        activity=incident(),
        party=world.supplier_a,
        role="R",
        note="Only the cluster, not the databases on it",
    )
    audits = AuditEvent.objects.count()
    added, removed = raci.set_cell(
        acting_user=admin,
        obj=world.component_a,
        activity=incident(),
        letters={"R": [world.supplier_a], "I": [world.integrator]},
    )
    assert (added, removed) == (1, 0)
    kept = ResponsibilityAssignment.objects.get(role="R")
    assert kept.note == "Only the cluster, not the databases on it"
    new = AuditEvent.objects.filter(pk__gt=0).order_by("pk")[audits:]
    assert [e.action for e in new] == ["governance.assignment.created"]


def cells(response: Any) -> list[str]:
    """The letters of every cell of the grid, as its CSV export writes them."""
    return [cell.text for row in response.context["rows"] for cell in row.cells if cell.text]


def test_grid_shows_letters_and_findings(client: Any, world: Any) -> None:
    raci.assign(
        acting_user=None, obj=world.service_a, activity=incident(), party=world.supplier_a, role="R"
    )
    client.force_login(world.users["integrator_analyst"])
    response = client.get(reverse("governance:raci_grid"))
    body = response.content.decode()
    assert cells(response) == ["R: Alpha Cloud"]
    chip = f'<abbr class="chip bg-{world.supplier_a.colour}-lt" title="Alpha Cloud">ALP</abbr>'
    assert f'<b>R</b><span class="visually-hidden">: </span>{chip}' in body
    assert f"<li>{chip} <span>Alpha Cloud</span></li>" in body  # the legend
    assert 'data-rule="critical-service-without-incident-accountable"' in body
    assert "No Accountable party." in body
    csv = b"".join(client.get(reverse("governance:raci_grid") + "?export=csv").streaming_content)
    assert b"R: Alpha Cloud" in csv
    assert b"missing-accountable" in csv


def test_cell_form_works_without_javascript(client: Any, world: Any) -> None:
    client.force_login(world.users["integrator_admin"])
    url = reverse(
        "governance:raci_cell", args=["service", world.service_a.slug, "incident-resolution"]
    )
    response = client.post(url, {"A": [world.integrator.pk], "R": [world.supplier_a.pk]})
    assert response.status_code == 302
    assert cells(client.get(reverse("governance:raci_grid"))) == [
        "A: Integrator Office · R: Alpha Cloud"
    ]


def test_as_of_shows_the_old_letter(client: Any, world: Any) -> None:
    history = ResponsibilityAssignment.history.model
    row, _ = raci.assign(
        acting_user=None, obj=world.service_a, activity=incident(), party=world.supplier_a, role="R"
    )
    history.objects.update(history_date=dt.datetime(2026, 3, 1, 12, tzinfo=dt.UTC))
    raci.unassign(acting_user=None, assignment=row)
    raci.assign(
        acting_user=None, obj=world.service_a, activity=incident(), party=world.supplier_b, role="R"
    )
    history.objects.exclude(history_date__lt=dt.datetime(2026, 3, 2, tzinfo=dt.UTC)).update(
        history_date=dt.datetime(2026, 3, 10, 12, tzinfo=dt.UTC)
    )
    client.force_login(world.users["auditor"])
    old = cells(client.get(reverse("governance:raci_grid") + "?as_of=2026-03-05"))
    now = cells(client.get(reverse("governance:raci_grid")))
    assert old == ["R: Alpha Cloud"]
    assert now == ["R: Beta Networks"]


def test_party_sees_its_cells_and_the_parties_next_to_it(client: Any, world: Any) -> None:
    raci.assign(
        acting_user=None, obj=world.service_a, activity=incident(), party=world.supplier_a, role="R"
    )
    raci.assign(
        acting_user=None, obj=world.service_a, activity=incident(), party=world.integrator, role="A"
    )
    raci.assign(
        acting_user=None, obj=world.service_b, activity=incident(), party=world.supplier_b, role="R"
    )
    client.force_login(world.users["party_member"])
    response = client.get(reverse("governance:raci_grid"))
    body = response.content.decode()
    assert cells(response) == ["A: Integrator Office · R: Alpha Cloud"]
    assert 'title="Integrator Office">INT</abbr> <span>Integrator Office</span>' in body
    assert "Beta" not in body
    assert world.supplier_b.code not in body
    assert "Branch voice" not in body
    response = client.get(reverse("governance:who_to_call") + f"?service={world.service_b.slug}")
    assert response.status_code == 404


def test_who_to_call_finds_by_name_and_shows_contacts(client: Any, world: Any) -> None:
    raci.assign(
        acting_user=None, obj=world.service_a, activity=incident(), party=world.supplier_a, role="R"
    )
    client.force_login(world.users["integrator_analyst"])
    body = client.get(reverse("governance:who_to_call") + "?q=web").content.decode()
    assert "lead@alpha.example" in body
    assert "working hours unknown" in body
    api = client.get(f"/api/v1/governance/who-to-call?service={world.service_a.slug}").json()
    assert (api[0]["party"], api[0]["party_name"]) == ("alpha", "Alpha Cloud")
    assert api[0]["contacts"][0]["email"] == "lead@alpha.example"


def test_impact_and_concentration(client: Any, world: Any) -> None:
    client.force_login(world.users["integrator_admin"])
    impact = client.get(f"/api/v1/governance/impact/{world.component_a.slug}").json()
    assert impact["services"] == [world.service_a.slug]
    concentration = client.get("/api/v1/governance/concentration").json()
    assert concentration["index"] == 1.0
    assert concentration["shares"] == [
        {"party": "Alpha Cloud", "share": 1.0, "services": ["Web shop"]}
    ]
    assert concentration["exit_risks"][0]["component"] == "Alpha cluster"
