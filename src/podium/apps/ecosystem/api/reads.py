"""Reads of `/api/v1/ecosystem/…`: the same scoped selectors as the pages."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.pagination import paginate

from podium.apps.ecosystem import selectors
from podium.apps.ecosystem.models import (
    BusinessCalendar,
    Component,
    Contact,
    Contract,
    Party,
    Service,
)
from podium.apps.ecosystem.services import hours_as_text
from podium.platform.access import visible_party_ids
from podium.platform.api import BoundedPagination

router = Router(tags=["ecosystem"])


def _visible_slugs(components: QuerySet[Component], context: Any) -> list[str]:
    """Only the components the caller may see: another party's are not named."""
    parties = visible_party_ids(context["request"].user)
    if parties is not None:
        components = components.filter(run_by__in=parties)
    return sorted(c.slug for c in components)


class PartyOut(Schema):
    slug: str
    name: str
    kind: str
    segment: str
    risk_tier: str
    time_zone: str


class ServiceOut(Schema):
    slug: str
    name: str
    criticality: str
    owner: str
    components: list[str]

    @staticmethod
    def resolve_components(obj: Service, context: Any) -> list[str]:
        return _visible_slugs(obj.components.all(), context)


class ComponentOut(Schema):
    slug: str
    name: str
    kind: str
    run_by: str

    depends_on: list[str]

    @staticmethod
    def resolve_run_by(obj: Component) -> str:
        return obj.run_by.slug

    @staticmethod
    def resolve_depends_on(obj: Component, context: Any) -> list[str]:
        return _visible_slugs(obj.depends_on.all(), context)


class ContactOut(Schema):
    id: int
    party: str
    name: str
    role: str
    email: str
    phone: str
    time_zone: str

    @staticmethod
    def resolve_party(obj: Contact) -> str:
        return obj.party.slug


class TargetOut(Schema):
    priority: str
    response_minutes: int
    resolution_minutes: int
    availability_percent: Decimal | None
    service_credit_percent: Decimal
    calendar: str | None

    @staticmethod
    def resolve_calendar(obj: Any) -> str | None:
        return obj.calendar.slug if obj.calendar_id else None


class ContractOut(Schema):
    reference: str
    party: str
    title: str
    scope: str
    starts_on: dt.date
    ends_on: dt.date
    notice_period_days: int
    notice_deadline: dt.date
    annual_value: Decimal
    currency: str
    services: list[str]
    components: list[str]
    targets: list[TargetOut]

    @staticmethod
    def resolve_party(obj: Contract) -> str:
        return obj.party.slug

    @staticmethod
    def resolve_services(obj: Contract) -> list[str]:
        return sorted(s.slug for s in obj.services.all())

    @staticmethod
    def resolve_components(obj: Contract) -> list[str]:
        return sorted(c.slug for c in obj.components.all())

    @staticmethod
    def resolve_targets(obj: Contract) -> list[Any]:
        return list(obj.targets.select_related("calendar"))


class CalendarOut(Schema):
    slug: str
    name: str
    time_zone: str
    country: str
    subdivision: str
    weekly_hours: str
    closures: list[str]
    always_open: bool

    @staticmethod
    def resolve_weekly_hours(obj: BusinessCalendar) -> str:
        return hours_as_text(obj.weekly_hours)


@router.get("/parties", response=list[PartyOut], summary="Parties you may see")
@paginate(BoundedPagination)
def list_parties(request: HttpRequest) -> QuerySet[Party]:
    return selectors.parties_visible_to(request.user)


@router.get("/parties/{slug}", response=PartyOut, summary="One party")
def get_party(request: HttpRequest, slug: str) -> Party:
    return get_object_or_404(selectors.parties_visible_to(request.user), slug=slug)


@router.get("/services", response=list[ServiceOut], summary="Business services you may see")
@paginate(BoundedPagination)
def list_services(request: HttpRequest) -> QuerySet[Service]:
    return selectors.services_visible_to(request.user)


@router.get("/services/{slug}", response=ServiceOut, summary="One business service")
def get_service(request: HttpRequest, slug: str) -> Service:
    return get_object_or_404(selectors.services_visible_to(request.user), slug=slug)


@router.get("/components", response=list[ComponentOut], summary="Components you may see")
@paginate(BoundedPagination)
def list_components(request: HttpRequest) -> QuerySet[Component]:
    return selectors.components_visible_to(request.user)


@router.get("/components/{slug}", response=ComponentOut, summary="One component")
def get_component(request: HttpRequest, slug: str) -> Component:
    return get_object_or_404(selectors.components_visible_to(request.user), slug=slug)


@router.get("/contracts", response=list[ContractOut], summary="Contracts you may see")
@paginate(BoundedPagination)
def list_contracts(request: HttpRequest) -> QuerySet[Contract]:
    return selectors.contracts_visible_to(request.user)


@router.get("/contracts/{reference}", response=ContractOut, summary="One contract")
def get_contract(request: HttpRequest, reference: str) -> Contract:
    return get_object_or_404(selectors.contracts_visible_to(request.user), reference=reference)


@router.get("/contacts", response=list[ContactOut], summary="Contacts you may see")
@paginate(BoundedPagination)
def list_contacts(request: HttpRequest) -> QuerySet[Contact]:
    return selectors.contacts_visible_to(request.user)


@router.get("/contacts/{contact_id}", response=ContactOut, summary="One contact")
def get_contact(request: HttpRequest, contact_id: int) -> Contact:
    return get_object_or_404(selectors.contacts_visible_to(request.user), pk=contact_id)


@router.get("/calendars", response=list[CalendarOut], summary="Business calendars you may see")
@paginate(BoundedPagination)
def list_calendars(request: HttpRequest) -> QuerySet[BusinessCalendar]:
    return selectors.calendars_visible_to(request.user)


@router.get("/calendars/{slug}", response=CalendarOut, summary="One business calendar")
def get_calendar(request: HttpRequest, slug: str) -> BusinessCalendar:
    return get_object_or_404(selectors.calendars_visible_to(request.user), slug=slug)
