"""Pages of the ecosystem: adapters that read through scoped selectors and render."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from podium.apps.ecosystem import selectors
from podium.apps.ecosystem.filters import ComponentFilterSet, PartyFilterSet, ServiceFilterSet
from podium.apps.ecosystem.tables import ComponentTable, PartyTable, ServiceTable
from podium.platform.lists import render_list


@require_GET
@login_required
def party_list(request: HttpRequest) -> HttpResponseBase:
    return render_list(
        request,
        queryset=selectors.parties_visible_to(request.user),
        filterset_class=PartyFilterSet,
        table_class=PartyTable,
        title="Parties",
        export_name="parties",
    )


@require_GET
@login_required
def party_detail(request: HttpRequest, slug: str) -> HttpResponse:
    party = get_object_or_404(selectors.parties_visible_to(request.user), slug=slug)
    context = {
        "party": party,
        "components": selectors.components_visible_to(request.user).filter(run_by=party),
        "contacts": party.contacts.all(),
    }
    return render(request, "ecosystem/party_detail.html", context)


@require_GET
@login_required
def service_list(request: HttpRequest) -> HttpResponseBase:
    return render_list(
        request,
        queryset=selectors.services_visible_to(request.user),
        filterset_class=ServiceFilterSet,
        table_class=ServiceTable,
        title="Business services",
        export_name="services",
    )


@require_GET
@login_required
def service_detail(request: HttpRequest, slug: str) -> HttpResponse:
    service = get_object_or_404(selectors.services_visible_to(request.user), slug=slug)
    context = {
        "service": service,
        "components": selectors.service_components(service),
    }
    return render(request, "ecosystem/service_detail.html", context)


@require_GET
@login_required
def component_list(request: HttpRequest) -> HttpResponseBase:
    return render_list(
        request,
        queryset=selectors.components_visible_to(request.user),
        filterset_class=ComponentFilterSet,
        table_class=ComponentTable,
        title="Components",
        export_name="components",
    )


@require_GET
@login_required
def component_detail(request: HttpRequest, slug: str) -> HttpResponse:
    component = get_object_or_404(selectors.components_visible_to(request.user), slug=slug)
    context = {
        "component": component,
        "depends_on": component.depends_on.select_related("run_by").order_by("name"),
        "needed_by": component.needed_by.select_related("run_by").order_by("name"),
    }
    return render(request, "ecosystem/component_detail.html", context)
