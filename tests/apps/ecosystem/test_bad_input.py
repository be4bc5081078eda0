"""Bad input never breaks Podium: what later pages cannot compute with is refused — by the
form, the API and governance as code alike — naming the field, and nothing is stored; references
that people write with slashes reach every page; a bad ``as_of`` is a 4xx naming it."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from tests.support.api import problems

from podium.apps.ecosystem import services as eco
from podium.apps.ecosystem.models import Contract, Party
from podium.apps.governance.models import Forum
from podium.apps.governance.services import forums
from podium.core import governance_code as gc
from podium.platform.models import AuditEvent
from podium.site import as_code

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _api(client: Client, method: str, path: str, body: Any) -> Any:
    return getattr(client, method)(
        f"/api/v1/ecosystem{path}", data=json.dumps(body), content_type="application/json"
    )


CONTRACT = {
    "reference": "C-NEW",
    "party": "alpha",
    "title": "New",
    "starts_on": "2026-01-01",
    "ends_on": "2027-01-01",
}


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"notice_period_days": 1_000_000}, "notice_period_days"),
        ({"starts_on": "0001-01-01", "ends_on": "0001-01-02"}, "ends_on"),
        ({"title": "Two\r\nlines"}, "title"),
        ({"annual_value": "-5"}, "annual_value"),
        ({"reference": "NHL/edit"}, "reference"),
        ({"reference": "A//B"}, "reference"),
    ],
)
def test_values_later_pages_cannot_use_are_refused_by_api_and_form(
    world: Any, change: dict[str, Any], field: str
) -> None:
    contracts, audits = Contract.objects.count(), AuditEvent.objects.count()
    client = _client(world.users["integrator_admin"])
    found = problems(_api(client, "post", "/contracts", {**CONTRACT, **change}))
    assert any(loc.endswith((field, "starts_on")) for loc in found), found
    form = {**CONTRACT, "party": world.supplier_a.pk, "notice_period_days": 90, **change}
    form.setdefault("annual_value", "0")
    form.setdefault("currency", "EUR")
    page = client.post(reverse("ecosystem:contract_create"), form)
    assert page.status_code == 200  # the form again, with the error next to the field
    assert page.context["form"].errors
    assert (Contract.objects.count(), AuditEvent.objects.count()) == (contracts, audits)
    for name in ("ecosystem:contract_list", "governance:raci_findings"):
        assert client.get(reverse(name)).status_code == 200
    assert client.get("/api/v1/ecosystem/contracts").status_code == 200


def test_a_notice_period_beyond_the_calendar_is_refused_on_change_too(world: Any) -> None:
    with pytest.raises(ValidationError) as refused:
        eco.save_contract(acting_user=None, contract=world.contract_a, notice_period_days=1_000_000)
    assert "notice_period_days" in refused.value.message_dict
    world.contract_a.refresh_from_db()
    assert world.contract_a.notice_period_days == 90


def test_a_reference_with_slashes_reaches_every_page_and_the_api(world: Any) -> None:
    client = _client(world.users["integrator_admin"])
    created = _api(client, "post", "/contracts", {**CONTRACT, "reference": "NHL/CLD/2024"})
    assert created.status_code == 201, created.content
    detail = reverse("ecosystem:contract_detail", args=["NHL/CLD/2024"])
    assert detail == "/ecosystem/contracts/NHL/CLD/2024/"
    assert f'href="{detail}"' in client.get(reverse("ecosystem:contract_list")).content.decode()
    assert (
        f'href="{detail}"'
        in client.get(reverse("ecosystem:party_detail", args=["alpha"])).content.decode()
    )
    assert client.get(detail).context["contract"].reference == "NHL/CLD/2024"
    for name in ("ecosystem:contract_edit", "ecosystem:contract_delete"):
        assert client.get(reverse(name, args=["NHL/CLD/2024"])).status_code == 200
    got = client.get("/api/v1/ecosystem/contracts/NHL/CLD/2024")
    assert got.json()["reference"] == "NHL/CLD/2024"
    changed = _api(client, "patch", "/contracts/NHL/CLD/2024", {"title": "Cloud"})
    assert changed.json()["title"] == "Cloud"
    member = _client(world.users["party_member"])
    assert member.get(detail).status_code == 200  # supplier A's own contract
    assert _client(world.users["other_party_member"]).get(detail).status_code == 404
    deleted = client.post(reverse("ecosystem:contract_delete", args=["NHL/CLD/2024"]))
    assert deleted.status_code == 302
    assert not Contract.objects.filter(reference="NHL/CLD/2024").exists()


def test_a_slug_the_routes_use_themselves_is_refused(world: Any) -> None:
    client = _client(world.users["integrator_admin"])
    found = problems(
        _api(client, "post", "/parties", {"slug": "new", "name": "New Co", "kind": "consultancy"})
    )
    assert "word the pages use" in found["body.payload.slug"]
    assert not Party.objects.filter(slug="new").exists()


def test_text_no_page_can_show_is_refused_wherever_it_comes_from(world: Any) -> None:
    for bad in ("\x00", "\ud800", "a\x1bb"):
        with pytest.raises(ValidationError) as refused:
            eco.save_party(acting_user=None, party=world.supplier_a, description=bad)
        assert "description" in refused.value.message_dict
    with pytest.raises(ValidationError, match="name"):
        forums.ensure_forum(
            acting_user=None, slug="bad", name="Board\r\nX: y", kind="working_group"
        )
    assert not Forum.objects.filter(slug="bad").exists()


@pytest.mark.parametrize("bad", ["Alpha\u2028Cloud", "Alpha\u2029", "\u202egnp.exe", "a\u2066b"])
def test_a_name_that_breaks_its_line_or_reorders_itself_is_refused(world: Any, bad: str) -> None:
    client = Client()
    client.force_login(world.users["integrator_admin"])
    response = client.patch(
        "/api/v1/ecosystem/parties/alpha",
        data=json.dumps({"name": bad}),
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "body.payload.name" in problems(response)
    world.supplier_a.refresh_from_db()
    assert world.supplier_a.name == "Alpha Cloud"
    eco.save_party(acting_user=None, party=world.supplier_a, description=f"Notes\u2028{bad}")


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"duration_minutes": 10_000_000}, "duration_minutes"),
        ({"duration_minutes": 0}, "duration_minutes"),
        (
            {"first_meeting_at": dt.datetime(1, 1, 1, tzinfo=dt.UTC), "cadence": "FREQ=DAILY"},
            "first_meeting_at",
        ),
    ],
)
def test_a_forum_whose_meetings_cannot_be_computed_is_refused(
    world: Any, fields: dict[str, Any], field: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        forums.ensure_forum(
            acting_user=None, slug="odd", name="Odd", kind="working_group", **fields
        )
    assert field in refused.value.message_dict
    assert not Forum.objects.filter(slug="odd").exists()


def test_governance_as_code_refuses_the_same_values_naming_the_object(world: Any) -> None:
    doc = as_code.export_document()
    contract = dataclasses.replace(doc.contracts[0], notice_period_days=1_000_000)
    bad = dataclasses.replace(doc, contracts=(contract, *doc.contracts[1:]))
    before = Contract.objects.get(reference=contract.key).notice_period_days
    with pytest.raises(as_code.ApplyError) as refused:
        as_code.apply_document(bad)
    assert refused.value.path == f"contracts.{contract.key}"
    assert "notice_period_days" in refused.value.reason
    assert Contract.objects.get(reference=contract.key).notice_period_days == before
    assert isinstance(doc, gc.GovernanceDocument)


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01", "yesterday"])
def test_a_bad_as_of_is_a_4xx_that_names_it(world: Any, day: str) -> None:
    client = _client(world.users["integrator_admin"])
    for url in (
        reverse("ecosystem:party_detail", args=["alpha"]),
        reverse("ecosystem:contract_detail", args=["C-ALPHA-1"]),
        reverse("governance:raci_grid"),
        reverse("governance:raci_findings"),
    ):
        response = client.get(url, {"as_of": day})
        assert response.status_code == 400, url
        assert "as_of" in response.content.decode()
    if day != "yesterday":
        for path in ("/api/v1/governance/raci", "/api/v1/governance/raci/findings"):
            found = problems(client.get(path, {"as_of": day}))
            assert "query.as_of" in found
