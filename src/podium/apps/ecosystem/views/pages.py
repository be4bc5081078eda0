"""Lists and detail pages of the ecosystem: adapters that read through scoped selectors.

Detail pages of parties, services, components and contracts take ``?as_of=YYYY-MM-DD`` and then
show the object as it was at the end of that day in the viewer's time zone, next to its history.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from podium.apps.ecosystem import selectors
from podium.apps.ecosystem.filters import (
    CalendarFilterSet,
    ComponentFilterSet,
    ContactFilterSet,
    ContractFilterSet,
    PartyFilterSet,
    ServiceFilterSet,
    contract_status,
)
from podium.apps.ecosystem.services import hours_as_text
from podium.apps.ecosystem.tables import (
    CalendarTable,
    ComponentTable,
    ContactTable,
    ContractTable,
    PartyTable,
    ServiceTable,
)
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
        template="ecosystem/list.html",
        extra={"create_url": reverse("ecosystem:party_create")},
    )


@require_GET
@login_required
def party_detail(request: HttpRequest, slug: str) -> HttpResponse:
    party = get_object_or_404(selectors.parties_visible_to(request.user), slug=slug)
    context = {
        **_history_context(request, party, "party"),
        "components": selectors.components_visible_to(request.user).filter(run_by=party),
        "contacts": selectors.contacts_visible_to(request.user).filter(party=party),
        "contracts": selectors.contracts_visible_to(request.user).filter(party=party),
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
        template="ecosystem/list.html",
        extra={"create_url": reverse("ecosystem:service_create")},
    )


@require_GET
@login_required
def service_detail(request: HttpRequest, slug: str) -> HttpResponse:
    service = get_object_or_404(selectors.services_visible_to(request.user), slug=slug)
    context = {
        **_history_context(request, service, "service"),
        # only the components the viewer may see: another party's are not named
        "components": selectors.service_components(service).filter(
            pk__in=selectors.components_visible_to(request.user).values("pk")
        ),
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
        template="ecosystem/list.html",
        extra={"create_url": reverse("ecosystem:component_create")},
    )


@require_GET
@login_required
def component_detail(request: HttpRequest, slug: str) -> HttpResponse:
    component = get_object_or_404(selectors.components_visible_to(request.user), slug=slug)
    context = {
        **_history_context(request, component, "component"),
        "depends_on": selectors.components_visible_to(request.user)
        .filter(needed_by=component)
        .order_by("name"),
        "needed_by": selectors.components_visible_to(request.user)
        .filter(depends_on=component)
        .order_by("name"),
    }
    return render(request, "ecosystem/component_detail.html", context)


def _history_context(request: HttpRequest, row: models.Model, name: str) -> dict[str, Any]:
    """The object (or its past self under ``?as_of=``) and its audit trail, for a detail page."""
    context: dict[str, Any] = {name: row, "object": row, "history": selectors.history_of(row)}
    raw = request.GET.get("as_of", "").strip()
    if not raw:
        return context
    try:
        day = dt.date.fromisoformat(raw)
    except ValueError:
        context["as_of_error"] = f"{raw!r} is not a date such as 2026-01-31; showing today."
        return context
    past = selectors.as_of(row, day)
    context["as_of"] = day
    if past is None:
        context["as_of_error"] = f"{row} did not exist yet at the end of {day.isoformat()}."
    else:
        context[name] = past
    return context


@require_GET
@login_required
def contract_list(request: HttpRequest) -> HttpResponseBase:
    return render_list(
        request,
        queryset=selectors.contracts_visible_to(request.user),
        filterset_class=ContractFilterSet,
        table_class=ContractTable,
        title="Contracts",
        export_name="contracts",
        template="ecosystem/list.html",
        extra={"create_url": reverse("ecosystem:contract_create")},
    )


@require_GET
@login_required
def contract_detail(request: HttpRequest, reference: str) -> HttpResponse:
    contract = get_object_or_404(selectors.contracts_visible_to(request.user), reference=reference)
    context = {
        **_history_context(request, contract, "contract"),
        "status": contract_status(contract, timezone.localdate()),
        "targets": contract.targets.select_related("calendar"),
        "services": contract.services.order_by("name"),
        "components": contract.components.select_related("run_by").order_by("name"),
    }
    return render(request, "ecosystem/contract_detail.html", context)


@require_GET
@login_required
def contact_list(request: HttpRequest) -> HttpResponseBase:
    return render_list(
        request,
        queryset=selectors.contacts_visible_to(request.user),
        filterset_class=ContactFilterSet,
        table_class=ContactTable,
        title="Contacts",
        export_name="contacts",
        template="ecosystem/list.html",
        extra={"create_url": reverse("ecosystem:contact_create")},
    )


@require_GET
@login_required
def calendar_list(request: HttpRequest) -> HttpResponseBase:
    return render_list(
        request,
        queryset=selectors.calendars_visible_to(request.user),
        filterset_class=CalendarFilterSet,
        table_class=CalendarTable,
        title="Business calendars",
        export_name="calendars",
        template="ecosystem/list.html",
        extra={"create_url": reverse("ecosystem:calendar_create")},
    )


@require_GET
@login_required
def calendar_detail(request: HttpRequest, slug: str) -> HttpResponse:
    calendar = get_object_or_404(selectors.calendars_visible_to(request.user), slug=slug)
    context = {
        **_history_context(request, calendar, "calendar"),
        "hours_text": hours_as_text(calendar.weekly_hours),
        "parties": selectors.parties_visible_to(request.user).filter(calendar=calendar),
    }
    return render(request, "ecosystem/calendar_detail.html", context)
