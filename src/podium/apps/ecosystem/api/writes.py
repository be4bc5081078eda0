"""Writes of `/api/v1/ecosystem/…` for integrator admins: create (POST) and update (PATCH).

Objects are looked up through the caller's scoped selector first (404 for what they cannot
see), then the service checks the right to edit (403) and validates (422 with field errors).
Related objects are named by slug (contracts by reference), as in the read shapes.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Schema, Status

from podium.apps.ecosystem import selectors, services
from podium.apps.ecosystem.api.reads import (
    CalendarOut,
    ComponentOut,
    ContactOut,
    ContractOut,
    PartyOut,
    ServiceOut,
    router,
)
from podium.apps.ecosystem.models import (
    BusinessCalendar,
    Component,
    Contact,
    Contract,
    Party,
    Service,
)
from podium.platform.api import InputSchema


def _lookup(model: type[models.Model], field: str, slugs: Any, *, key: str = "slug") -> Any:
    """Turn slugs into rows; an unknown one is a 422 naming the field and the slug."""
    wanted = [slugs] if isinstance(slugs, str) else list(slugs)
    rows = {getattr(r, key): r for r in model._default_manager.filter(**{f"{key}__in": wanted})}
    missing = [s for s in wanted if s not in rows]
    if missing:
        raise ValidationError({field: f"unknown {model._meta.verbose_name}: {', '.join(missing)}"})
    found = [rows[s] for s in wanted]
    return found[0] if isinstance(slugs, str) else found


def _changes(payload: Schema) -> dict[str, Any]:
    return payload.dict(exclude_unset=True)


# -- parties and contacts ---------------------------------------------------------------------


class PartyPatch(InputSchema):
    name: str | None = None
    kind: str | None = None
    segment: str | None = None
    risk_tier: str | None = None
    time_zone: str | None = None
    calendar: str | None = None
    description: str | None = None


class PartyIn(PartyPatch):
    slug: str
    name: str
    kind: str


def _party_fields(data: dict[str, Any]) -> dict[str, Any]:
    if "calendar" in data:
        data["calendar"] = (
            _lookup(BusinessCalendar, "calendar", data["calendar"]) if data["calendar"] else None
        )
    return data


@router.post("/parties", response={201: PartyOut}, summary="Create a party")
def create_party(request: HttpRequest, payload: PartyIn) -> Status[Party]:
    services.check_may_edit(request.user)
    party = services.save_party(acting_user=request.user, **_party_fields(_changes(payload)))
    return Status(201, party)


@router.patch("/parties/{slug}", response=PartyOut, summary="Change a party")
def update_party(request: HttpRequest, slug: str, payload: PartyPatch) -> Party:
    party = get_object_or_404(selectors.parties_visible_to(request.user), slug=slug)
    services.check_may_edit(request.user)
    return services.save_party(
        acting_user=request.user, party=party, **_party_fields(_changes(payload))
    )


class ContactPatch(InputSchema):
    name: str | None = None
    role: str | None = None
    email: str | None = None
    phone: str | None = None
    time_zone: str | None = None


class ContactIn(ContactPatch):
    party: str
    name: str
    role: str


@router.post("/contacts", response={201: ContactOut}, summary="Create a contact")
def create_contact(request: HttpRequest, payload: ContactIn) -> Status[Contact]:
    services.check_may_edit(request.user)
    data = _changes(payload)
    data["party"] = _lookup(Party, "party", data["party"])
    return Status(201, services.save_contact(acting_user=request.user, **data))


@router.patch("/contacts/{contact_id}", response=ContactOut, summary="Change a contact")
def update_contact(request: HttpRequest, contact_id: int, payload: ContactPatch) -> Contact:
    contact = get_object_or_404(selectors.contacts_visible_to(request.user), pk=contact_id)
    services.check_may_edit(request.user)
    return services.save_contact(acting_user=request.user, contact=contact, **_changes(payload))


# -- services and components ------------------------------------------------------------------


class ServicePatch(InputSchema):
    name: str | None = None
    criticality: str | None = None
    owner: str | None = None
    description: str | None = None
    components: list[str] | None = None


class ServiceIn(ServicePatch):
    slug: str
    name: str
    criticality: str


def _service_fields(data: dict[str, Any]) -> dict[str, Any]:
    if data.get("components") is not None:
        data["components"] = _lookup(Component, "components", data["components"])
    return data


@router.post("/services", response={201: ServiceOut}, summary="Create a business service")
def create_service(request: HttpRequest, payload: ServiceIn) -> Status[Service]:
    services.check_may_edit(request.user)
    fields = _service_fields(_changes(payload))
    return Status(201, services.save_service(acting_user=request.user, **fields))


@router.patch("/services/{slug}", response=ServiceOut, summary="Change a business service")
def update_service(request: HttpRequest, slug: str, payload: ServicePatch) -> Service:
    service = get_object_or_404(selectors.services_visible_to(request.user), slug=slug)
    services.check_may_edit(request.user)
    return services.save_service(
        acting_user=request.user, service=service, **_service_fields(_changes(payload))
    )


class ComponentPatch(InputSchema):
    name: str | None = None
    kind: str | None = None
    run_by: str | None = None
    description: str | None = None
    depends_on: list[str] | None = None


class ComponentIn(ComponentPatch):
    slug: str
    name: str
    kind: str
    run_by: str


def _component_fields(data: dict[str, Any]) -> dict[str, Any]:
    if data.get("run_by") is not None:
        data["run_by"] = _lookup(Party, "run_by", data["run_by"])
    if data.get("depends_on") is not None:
        data["depends_on"] = _lookup(Component, "depends_on", data["depends_on"])
    return data


@router.post("/components", response={201: ComponentOut}, summary="Create a component")
def create_component(request: HttpRequest, payload: ComponentIn) -> Status[Component]:
    services.check_may_edit(request.user)
    fields = _component_fields(_changes(payload))
    return Status(201, services.save_component(acting_user=request.user, **fields))


@router.patch("/components/{slug}", response=ComponentOut, summary="Change a component")
def update_component(request: HttpRequest, slug: str, payload: ComponentPatch) -> Component:
    component = get_object_or_404(selectors.components_visible_to(request.user), slug=slug)
    services.check_may_edit(request.user)
    return services.save_component(
        acting_user=request.user, component=component, **_component_fields(_changes(payload))
    )


# -- contracts and calendars ------------------------------------------------------------------


class TargetIn(InputSchema):
    priority: str
    response_minutes: int
    resolution_minutes: int
    availability_percent: Decimal | None = None
    service_credit_percent: Decimal = Decimal(0)
    calendar: str | None = None


class ContractPatch(InputSchema):
    party: str | None = None
    title: str | None = None
    scope: str | None = None
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None
    notice_period_days: int | None = None
    annual_value: Decimal | None = None
    currency: str | None = None
    services: list[str] | None = None
    components: list[str] | None = None
    targets: list[TargetIn] | None = Field(
        None, description="Replaces every target: priorities left out have none afterwards."
    )


class ContractIn(ContractPatch):
    reference: str
    party: str
    title: str
    starts_on: dt.date
    ends_on: dt.date


def _contract_fields(data: dict[str, Any], contract: Contract | None) -> dict[str, Any]:
    if data.get("party") is not None:
        data["party"] = _lookup(Party, "party", data["party"])
    for name, model in (("services", Service), ("components", Component)):
        if data.get(name) is not None:
            data[name] = _lookup(model, name, data[name])
    if data.get("targets") is not None:
        given = {t["priority"]: t for t in data["targets"]}
        existing = set(contract.targets.values_list("priority", flat=True)) if contract else set()
        targets: dict[str, Any] = dict.fromkeys(existing - set(given))
        for priority, target in given.items():
            values = {k: v for k, v in target.items() if k != "priority"}
            slug = values.pop("calendar", None)
            values["calendar"] = _lookup(BusinessCalendar, "targets", slug) if slug else None
            targets[priority] = values
        data["targets"] = targets
    return data


@router.post("/contracts", response={201: ContractOut}, summary="Create a contract")
def create_contract(request: HttpRequest, payload: ContractIn) -> Status[Contract]:
    services.check_may_edit(request.user)
    fields = _contract_fields(_changes(payload), None)
    return Status(201, services.save_contract(acting_user=request.user, **fields))


@router.patch("/contracts/{reference}", response=ContractOut, summary="Change a contract")
def update_contract(request: HttpRequest, reference: str, payload: ContractPatch) -> Contract:
    contract = get_object_or_404(selectors.contracts_visible_to(request.user), reference=reference)
    services.check_may_edit(request.user)
    fields = _contract_fields(_changes(payload), contract)
    return services.save_contract(acting_user=request.user, contract=contract, **fields)


class CalendarPatch(InputSchema):
    name: str | None = None
    time_zone: str | None = None
    country: str | None = None
    subdivision: str | None = None
    weekly_hours: str | None = Field(
        None, description='e.g. "mon-fri 09:00-17:00; sat 09:00-12:00"'
    )
    closures: list[dt.date] | None = None
    always_open: bool | None = None


class CalendarIn(CalendarPatch):
    slug: str
    name: str
    time_zone: str
    weekly_hours: str


def _calendar_fields(data: dict[str, Any]) -> dict[str, Any]:
    if data.get("closures") is not None:
        data["closures"] = [d.isoformat() for d in data["closures"]]
    return data


@router.post("/calendars", response={201: CalendarOut}, summary="Create a business calendar")
def create_calendar(request: HttpRequest, payload: CalendarIn) -> Status[BusinessCalendar]:
    services.check_may_edit(request.user)
    fields = _calendar_fields(_changes(payload))
    return Status(201, services.save_calendar(acting_user=request.user, **fields))


@router.patch("/calendars/{slug}", response=CalendarOut, summary="Change a business calendar")
def update_calendar(request: HttpRequest, slug: str, payload: CalendarPatch) -> BusinessCalendar:
    calendar = get_object_or_404(selectors.calendars_visible_to(request.user), slug=slug)
    services.check_may_edit(request.user)
    return services.save_calendar(
        acting_user=request.user, calendar=calendar, **_calendar_fields(_changes(payload))
    )
