"""Ecosystem routes: registry pages, forms, the map, and the `/api/v1/ecosystem/` operations.

Writes are for integrator admins only. Edit forms post a body valid for supplier A's object; for
forms whose fields are unique across parties the foreign (404) check lives in
tests/apps/ecosystem/test_pages.py, because the same body cannot be valid for both objects.
"""

from typing import Any

from tests.authorization.support import INTEGRATOR_ADMIN_ONLY, Entry, pk, reference, slug

ADMIN = INTEGRATOR_ADMIN_ONLY


def build(world: Any) -> None:
    """Give each supplier a calendar and name their contacts, for the routes below."""
    from podium.apps.ecosystem import services as eco
    from podium.apps.ecosystem.models import Contact

    hours = {"mon-fri": [["09:00", "17:00"]]}
    world.calendar_a = eco.ensure_calendar(
        acting_user=None,
        slug="alpha-hours",
        name="Alpha hours",
        time_zone="Europe/Amsterdam",
        weekly_hours=hours,
    )
    world.calendar_b = eco.ensure_calendar(
        acting_user=None,
        slug="beta-noc-hours",
        name="Beta NOC hours",
        time_zone="Europe/Berlin",
        weekly_hours=hours,
    )
    eco.ensure_party(acting_user=None, slug="alpha", calendar=world.calendar_a)
    eco.ensure_party(acting_user=None, slug="beta", calendar=world.calendar_b)
    world.contact_a = Contact.objects.get(party=world.supplier_a)
    world.contact_b = Contact.objects.get(party=world.supplier_b)


def _post(body: Any, **kwargs: Any) -> Entry:
    return Entry(method="post", body=body, allowed_roles=ADMIN, ok_status=302, **kwargs)


def _party_body(w: Any) -> dict[str, str]:
    return {
        "name": "Alpha Cloud",
        "slug": "alpha",
        "kind": "cloud_provider",
        "segment": "strategic",
        "risk_tier": "medium",
        "time_zone": "Europe/Amsterdam",
    }


def _contact_body(w: Any) -> dict[str, str]:
    return {
        "party": str(w.supplier_a.pk),
        "name": "Night desk",
        "role": "on_call",
        "time_zone": "Europe/Amsterdam",
    }


def _service_body(w: Any) -> dict[str, Any]:
    return {
        "name": "Web shop",
        "slug": "web-shop",
        "criticality": "high",
        "components": [str(w.component_a.pk)],
    }


def _component_body(w: Any) -> dict[str, Any]:
    return {
        "name": "Alpha cluster",
        "slug": "alpha-k8s",
        "kind": "platform",
        "run_by": str(w.supplier_a.pk),
    }


def _contract_body(w: Any) -> dict[str, Any]:
    return {
        "party": str(w.supplier_a.pk),
        "reference": "C-ALPHA-1",
        "title": "Alpha hosting",
        "starts_on": "2025-01-01",
        "ends_on": "2027-12-31",
        "notice_period_days": "90",
        "annual_value": "125000",
        "currency": "EUR",
        "services": [str(w.service_a.pk)],
        "P1-response_minutes": "15",
        "P1-resolution_minutes": "240",
    }


def _calendar_body(w: Any) -> dict[str, str]:
    return {
        "name": "Alpha hours",
        "slug": "alpha-hours",
        "time_zone": "Europe/Amsterdam",
        "country": "NL",
        "weekly_hours": "mon-fri 08:00-18:00",
    }


def _new(body: Any, **changes: Any) -> Any:
    return lambda w: {**body(w), **changes}


PAGES = {
    "ecosystem:map": Entry(),
    "ecosystem:party_list": Entry(),
    "ecosystem:party_detail": Entry(own=slug("supplier_a"), foreign=slug("supplier_b")),
    "ecosystem:party_create": _post(_new(_party_body, name="Gamma", slug="gamma")),
    "ecosystem:party_edit": _post(_party_body, own=slug("supplier_a")),
    "ecosystem:party_delete": _post(None, own=slug("supplier_a"), foreign=slug("supplier_b")),
    "ecosystem:contact_list": Entry(),
    "ecosystem:contact_create": _post(_contact_body),
    "ecosystem:contact_edit": _post(_contact_body, own=pk("contact_a"), foreign=pk("contact_b")),
    "ecosystem:contact_delete": _post(None, own=pk("contact_a"), foreign=pk("contact_b")),
    "ecosystem:service_list": Entry(),
    "ecosystem:service_detail": Entry(own=slug("service_a"), foreign=slug("service_b")),
    "ecosystem:service_create": _post(_new(_service_body, name="Payroll", slug="payroll")),
    "ecosystem:service_edit": _post(_service_body, own=slug("service_a")),
    "ecosystem:service_delete": _post(None, own=slug("service_a"), foreign=slug("service_b")),
    "ecosystem:component_list": Entry(),
    "ecosystem:component_detail": Entry(own=slug("component_a"), foreign=slug("component_b")),
    "ecosystem:component_create": _post(_new(_component_body, name="Alpha DB", slug="alpha-db")),
    "ecosystem:component_edit": _post(_component_body, own=slug("component_a")),
    "ecosystem:component_delete": _post(None, own=slug("component_a"), foreign=slug("component_b")),
    "ecosystem:contract_list": Entry(),
    "ecosystem:contract_detail": Entry(
        own=reference("contract_a"), foreign=reference("contract_b")
    ),
    "ecosystem:contract_create": _post(_new(_contract_body, reference="C-ALPHA-2")),
    "ecosystem:contract_edit": _post(_contract_body, own=reference("contract_a")),
    "ecosystem:contract_delete": _post(
        None, own=reference("contract_a"), foreign=reference("contract_b")
    ),
    "ecosystem:calendar_list": Entry(),
    "ecosystem:calendar_detail": Entry(own=slug("calendar_a"), foreign=slug("calendar_b")),
    "ecosystem:calendar_create": _post(_new(_calendar_body, name="Gamma hours", slug="gamma-h")),
    "ecosystem:calendar_edit": _post(_calendar_body, own=slug("calendar_a")),
    "ecosystem:calendar_delete": _post(None, own=slug("calendar_a"), foreign=slug("calendar_b")),
}


def _api_write(body: Any, status: int = 200, **kwargs: Any) -> Entry:
    return Entry(body=body, allowed_roles=ADMIN, ok_status=status, json=True, **kwargs)


PATCH = {"description": "Reviewed"}

API = {
    "GET /api/v1/ecosystem/parties": Entry(),
    "GET /api/v1/ecosystem/parties/{slug}": Entry(
        own=slug("supplier_a"), foreign=slug("supplier_b")
    ),
    "POST /api/v1/ecosystem/parties": _api_write(
        lambda w: {"slug": "gamma", "name": "Gamma", "kind": "saas_vendor"}, 201
    ),
    "PATCH /api/v1/ecosystem/parties/{slug}": _api_write(
        lambda w: PATCH, own=slug("supplier_a"), foreign=slug("supplier_b")
    ),
    "GET /api/v1/ecosystem/services": Entry(),
    "GET /api/v1/ecosystem/services/{slug}": Entry(
        own=slug("service_a"), foreign=slug("service_b")
    ),
    "POST /api/v1/ecosystem/services": _api_write(
        lambda w: {"slug": "payroll", "name": "Payroll", "criticality": "high"}, 201
    ),
    "PATCH /api/v1/ecosystem/services/{slug}": _api_write(
        lambda w: PATCH, own=slug("service_a"), foreign=slug("service_b")
    ),
    "GET /api/v1/ecosystem/components": Entry(),
    "GET /api/v1/ecosystem/components/{slug}": Entry(
        own=slug("component_a"), foreign=slug("component_b")
    ),
    "POST /api/v1/ecosystem/components": _api_write(
        lambda w: {"slug": "alpha-db", "name": "Alpha DB", "kind": "database", "run_by": "alpha"},
        201,
    ),
    "PATCH /api/v1/ecosystem/components/{slug}": _api_write(
        lambda w: PATCH, own=slug("component_a"), foreign=slug("component_b")
    ),
    "GET /api/v1/ecosystem/contracts": Entry(),
    "GET /api/v1/ecosystem/contracts/{reference}": Entry(
        own=reference("contract_a"), foreign=reference("contract_b")
    ),
    "POST /api/v1/ecosystem/contracts": _api_write(
        lambda w: {
            "reference": "C-ALPHA-2",
            "party": "alpha",
            "title": "Alpha backup",
            "starts_on": "2026-01-01",
            "ends_on": "2026-12-31",
        },
        201,
    ),
    "PATCH /api/v1/ecosystem/contracts/{reference}": _api_write(
        lambda w: {"scope": "Reviewed"},
        own=reference("contract_a"),
        foreign=reference("contract_b"),
    ),
    "GET /api/v1/ecosystem/contacts": Entry(),
    "GET /api/v1/ecosystem/contacts/{contact_id}": Entry(
        own=pk("contact_a", "contact_id"), foreign=pk("contact_b", "contact_id")
    ),
    "POST /api/v1/ecosystem/contacts": _api_write(
        lambda w: {"party": "alpha", "name": "Night desk", "role": "on_call"}, 201
    ),
    "PATCH /api/v1/ecosystem/contacts/{contact_id}": _api_write(
        lambda w: {"phone": "+31 20 000 0000"},
        own=pk("contact_a", "contact_id"),
        foreign=pk("contact_b", "contact_id"),
    ),
    "GET /api/v1/ecosystem/calendars": Entry(),
    "GET /api/v1/ecosystem/calendars/{slug}": Entry(
        own=slug("calendar_a"), foreign=slug("calendar_b")
    ),
    "POST /api/v1/ecosystem/calendars": _api_write(
        lambda w: {
            "slug": "gamma-h",
            "name": "Gamma hours",
            "time_zone": "UTC",
            "weekly_hours": "mon-fri 09:00-17:00",
        },
        201,
    ),
    "PATCH /api/v1/ecosystem/calendars/{slug}": _api_write(
        lambda w: {"weekly_hours": "mon-fri 08:00-18:00"},
        own=slug("calendar_a"),
        foreign=slug("calendar_b"),
    ),
}

# Supplier B's names, its contract's value as pages and the API show it, its contact and calendar.
FOREIGN_MARKERS = (
    "Beta Networks",
    "Beta WAN",
    "Branch voice",
    "C-BETA-1",
    "beta-wan",
    "80000.00",
    "lead@beta.example",
    "Beta NOC hours",
)
