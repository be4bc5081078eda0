"""`/api/v1/ecosystem/…`: the same scoped reads as the pages."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate

from podium.apps.ecosystem import selectors
from podium.apps.ecosystem.models import Component, Party, Service

router = Router(tags=["ecosystem"])


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


class ComponentOut(Schema):
    slug: str
    name: str
    kind: str
    run_by: str

    @staticmethod
    def resolve_run_by(obj: Component) -> str:
        return obj.run_by.slug


@router.get("/parties", response=list[PartyOut], summary="Parties you may see")
@paginate(LimitOffsetPagination)
def list_parties(request: HttpRequest) -> QuerySet[Party]:
    return selectors.parties_visible_to(request.user)


@router.get("/parties/{slug}", response=PartyOut, summary="One party")
def get_party(request: HttpRequest, slug: str) -> Party:
    return get_object_or_404(selectors.parties_visible_to(request.user), slug=slug)


@router.get("/services", response=list[ServiceOut], summary="Business services you may see")
@paginate(LimitOffsetPagination)
def list_services(request: HttpRequest) -> QuerySet[Service]:
    return selectors.services_visible_to(request.user)


@router.get("/services/{slug}", response=ServiceOut, summary="One business service")
def get_service(request: HttpRequest, slug: str) -> Service:
    return get_object_or_404(selectors.services_visible_to(request.user), slug=slug)


@router.get("/components", response=list[ComponentOut], summary="Components you may see")
@paginate(LimitOffsetPagination)
def list_components(request: HttpRequest) -> QuerySet[Component]:
    return selectors.components_visible_to(request.user)


@router.get("/components/{slug}", response=ComponentOut, summary="One component")
def get_component(request: HttpRequest, slug: str) -> Component:
    return get_object_or_404(selectors.components_visible_to(request.user), slug=slug)
