"""The ecosystem map page: an inline SVG, the same data as a table, and its CSV."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.views.decorators.http import require_GET

from podium.apps.ecosystem import selectors
from podium.apps.ecosystem.ecosystem_map import ecosystem_map
from podium.apps.ecosystem.forms import MapFilterForm
from podium.platform.lists import csv_response


@require_GET
@login_required
def ecosystem_map_page(request: HttpRequest) -> HttpResponseBase:
    form = MapFilterForm(request.GET or None, parties=selectors.parties_visible_to(request.user))
    filters = form.cleaned_data if form.is_valid() else {}
    graph = ecosystem_map(
        request.user,
        criticality=filters.get("criticality", ""),
        party=filters.get("party", ""),
    )
    if request.GET.get("export") == "csv":
        header = ("Party", "Component", "Service", "Criticality")
        return csv_response([header, *graph.rows], "ecosystem-map")
    query = request.GET.copy()
    query["export"] = "csv"
    return render(
        request,
        "ecosystem/map.html",
        {"form": form, "map": graph, "export_query": query.urlencode()},
    )
