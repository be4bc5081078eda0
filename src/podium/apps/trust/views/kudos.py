"""Kudos pages: the feed (list, CSV) and giving kudos."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from podium.apps.trust.filters import KudosFilterSet
from podium.apps.trust.forms import KudosForm
from podium.apps.trust.rules import GIVE_KUDOS
from podium.apps.trust.selectors import kudos as selectors
from podium.apps.trust.services import kudos as services
from podium.apps.trust.tables import KudosTable
from podium.platform.access import may, require
from podium.platform.lists import render_list


@require_GET
@login_required
def kudos_list(request: HttpRequest) -> HttpResponseBase:
    return render_list(
        request,
        queryset=selectors.kudos_visible_to(request.user),
        filterset_class=KudosFilterSet,
        table_class=KudosTable,
        title="Kudos",
        export_name="kudos",
        template="trust/kudos_list.html",
        extra={"may_give": may(request.user, GIVE_KUDOS)},
    )


@require_http_methods(["GET", "POST"])
@login_required
def kudos_give(request: HttpRequest) -> HttpResponseBase:
    require(request.user, GIVE_KUDOS)
    # "Give kudos" on an objective's page names that goal
    initial = {"objective": request.GET["objective"]} if request.GET.get("objective") else {}
    form = KudosForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            kudos = services.give_kudos(
                acting_user=request.user, at=timezone.now(), **form.cleaned_data
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, f"Kudos sent to {kudos.to_party.name}.")
            return redirect("trust:kudos_list")
    return render(
        request,
        "platform/form.html",
        {
            "form": form,
            "title": "Give kudos",
            "cancel_url": reverse("trust:kudos_list"),
            "submit_label": "Give kudos",
        },
    )
