"""Ping-pong arbitration pages: the list (counted per pair of parties above it; filters, CSV)
and the integrator's decision on one arbitration — adapters over the scoped selector and
`services.arbitration.decide_arbitration`."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from podium.apps.ecosystem import selectors as ecosystem
from podium.apps.operations.filters import ArbitrationFilterSet
from podium.apps.operations.forms import ArbitrationForm
from podium.apps.operations.rules import ARBITRATE
from podium.apps.operations.selectors import arbitration as selectors
from podium.apps.operations.services import arbitration
from podium.apps.operations.tables import ArbitrationTable
from podium.platform.access import require
from podium.platform.lists import render_list


@require_GET
@login_required
def arbitration_list(request: HttpRequest) -> HttpResponseBase:
    rows = selectors.arbitrations_visible_to(request.user)
    return render_list(
        request,
        queryset=rows,
        filterset_class=ArbitrationFilterSet,
        table_class=ArbitrationTable,
        title="Ping-pong arbitrations",
        export_name="arbitrations",
        template="operations/arbitration_list.html",
        extra={"pairs": selectors.counts_per_pair(rows)},
    )


@require_http_methods(["GET", "POST"])
@login_required
def arbitration_decide(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_object_or_404(selectors.arbitrations_visible_to(request.user), pk=pk)
    require(request.user, ARBITRATE)
    parties = ecosystem.parties_among((found.party_a_id, found.party_b_id))
    initial = {"owner": found.owner_id, "reason": found.reason} if found.owner_id else None
    form = ArbitrationForm(request.POST or None, parties=parties, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            arbitration.decide_arbitration(
                acting_user=request.user,
                arbitration=found,
                owner=form.cleaned_data["owner"],
                reason=form.cleaned_data["reason"],
                now=timezone.now(),
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, f"{found.ticket.reference}: owner decided.")
            return redirect("operations:arbitration_list")
    if request.method == "POST":
        form.mark_invalid()
    context = {
        "form": form,
        "arbitration": found,
        "title": f"Who owns {found.ticket.reference}?",
        "cancel_url": reverse("operations:arbitration_list"),
        "submit_label": "Record the decision",
    }
    return render(request, "operations/arbitration_form.html", context)
