"""`/api/v1/ecosystem/services` and `/components`: the service landscape.

Related rows are named by slug, as in the read shapes; another party's components are never
named to a party's users.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from podium.apps.ecosystem import selectors, services
from podium.apps.ecosystem.models import Component, Service
from podium.apps.ecosystem.rules import EDIT
from podium.platform.access import require
from podium.platform.api import BoundedPagination, InputSchema, row_by_key, rows_by_key

router = Router()


class ServiceOut(Schema):
    slug: str
    name: str
    criticality: str
    owner: str
    components: list[str]

    @staticmethod
    def resolve_components(obj: Any) -> list[str]:
        # `selectors.services_for_reading`: only the components the caller may see
        return [c.slug for c in obj.visible_components]


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
    def resolve_depends_on(obj: Any) -> list[str]:
        # `selectors.components_for_reading`: only the components the caller may see
        return [c.slug for c in obj.visible_depends_on]


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


def _service_fields(payload: Schema) -> dict[str, Any]:
    data = payload.dict(exclude_unset=True)
    if data.get("components") is not None:
        data["components"] = rows_by_key(
            selectors.components_for_choice(), data["components"], field="components"
        )
    return data


def _component_fields(payload: Schema) -> dict[str, Any]:
    data = payload.dict(exclude_unset=True)
    if data.get("run_by") is not None:
        data["run_by"] = row_by_key(selectors.parties_for_choice(), data["run_by"], field="run_by")
    if data.get("depends_on") is not None:
        data["depends_on"] = rows_by_key(
            selectors.components_for_choice(), data["depends_on"], field="depends_on"
        )
    return data


@router.get("/services", response=list[ServiceOut], summary="Business services you may see")
@paginate(BoundedPagination)
def list_services(request: HttpRequest) -> QuerySet[Service]:
    return selectors.services_for_reading(request.user)


@router.get("/services/{slug}", response=ServiceOut, summary="One business service")
def get_service(request: HttpRequest, slug: str) -> Service:
    return get_object_or_404(selectors.services_for_reading(request.user), slug=slug)


@router.post("/services", response={201: ServiceOut}, summary="Create a business service")
def create_service(request: HttpRequest, payload: ServiceIn) -> Status[Service]:
    require(request.user, EDIT)
    service = services.save_service(acting_user=request.user, **_service_fields(payload))
    return Status(201, selectors.services_for_reading(request.user).get(pk=service.pk))


@router.patch("/services/{slug}", response=ServiceOut, summary="Change a business service")
def update_service(request: HttpRequest, slug: str, payload: ServicePatch) -> Service:
    service = get_object_or_404(selectors.services_visible_to(request.user), slug=slug)
    require(request.user, EDIT)
    services.save_service(acting_user=request.user, service=service, **_service_fields(payload))
    return selectors.services_for_reading(request.user).get(pk=service.pk)


@router.get("/components", response=list[ComponentOut], summary="Components you may see")
@paginate(BoundedPagination)
def list_components(request: HttpRequest) -> QuerySet[Component]:
    return selectors.components_for_reading(request.user)


@router.get("/components/{slug}", response=ComponentOut, summary="One component")
def get_component(request: HttpRequest, slug: str) -> Component:
    return get_object_or_404(selectors.components_for_reading(request.user), slug=slug)


@router.post("/components", response={201: ComponentOut}, summary="Create a component")
def create_component(request: HttpRequest, payload: ComponentIn) -> Status[Component]:
    require(request.user, EDIT)
    component = services.save_component(acting_user=request.user, **_component_fields(payload))
    return Status(201, selectors.components_for_reading(request.user).get(pk=component.pk))


@router.patch("/components/{slug}", response=ComponentOut, summary="Change a component")
def update_component(request: HttpRequest, slug: str, payload: ComponentPatch) -> Component:
    component = get_object_or_404(selectors.components_visible_to(request.user), slug=slug)
    require(request.user, EDIT)
    services.save_component(
        acting_user=request.user, component=component, **_component_fields(payload)
    )
    return selectors.components_for_reading(request.user).get(pk=component.pk)
