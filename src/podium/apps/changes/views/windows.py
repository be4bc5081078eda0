"""Blackout windows (set by the integrator) and the parties' maintenance windows."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from podium.apps.changes.filters import BlackoutFilterSet
from podium.apps.changes.forms import BlackoutForm
from podium.apps.changes.rules import EDIT_BLACKOUTS, EDIT_MAINTENANCE, VIEW
from podium.apps.changes.selectors import windows as selectors
from podium.apps.changes.services import windows as services
from podium.apps.changes.tables import BlackoutTable
from podium.platform.access import may, require
from podium.platform.lists import render_list


@require_GET
@login_required
def blackout_list(request: HttpRequest) -> HttpResponseBase:
    require(request.user, VIEW)
    return render_list(
        request,
        queryset=selectors.blackouts_visible_to(request.user),
        filterset_class=BlackoutFilterSet,
        table_class=BlackoutTable,
        title="Blackout windows",
        export_name="blackouts",
        template="changes/list.html",
        extra={
            "create_url": reverse("changes:blackout_create")
            if may(request.user, EDIT_BLACKOUTS)
            else "",
            "create_label": "New blackout",
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def blackout_create(request: HttpRequest) -> HttpResponseBase:
    require(request.user, EDIT_BLACKOUTS)
    form = BlackoutForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            data = dict(form.cleaned_data)
            try:
                services.save_blackout(
                    acting_user=request.user, services=data.pop("services"), **data
                )
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                messages.success(request, f"Saved {data['name']}.")
                return redirect("changes:blackout_list")
        form.mark_invalid()
    context = {
        "form": form,
        "title": "New blackout window",
        "cancel_url": reverse("changes:blackout_list"),
    }
    return render(request, "platform/form.html", context)


@require_GET
@login_required
def maintenance_list(request: HttpRequest) -> HttpResponse:
    require(request.user, VIEW)
    rows = [
        (w, may(request.user, EDIT_MAINTENANCE, w))
        for w in selectors.maintenance_windows_visible_to(request.user)
    ]
    return render(request, "changes/maintenance.html", {"windows": rows})
