"""The delivery log's pages: every message the outbox owes or sent (hub events, webhook
CloudEvents, calls to parties' endpoints) with its tries, and sending one again by hand (the
same id, so a receiver that already has it can tell)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from podium.apps.operations import selectors
from podium.apps.operations.filters import DeliveryFilterSet
from podium.apps.operations.rules import REPLAY_DELIVERIES
from podium.apps.operations.services import hub
from podium.apps.operations.tables import DeliveryTable
from podium.core import tmf621
from podium.platform.access import may
from podium.platform.lists import render_list


@require_GET
@login_required
def delivery_list(request: HttpRequest) -> HttpResponseBase:
    return render_list(
        request,
        queryset=selectors.deliveries_visible_to(request.user),
        filterset_class=DeliveryFilterSet,
        table_class=DeliveryTable,
        title="Deliveries",
        export_name="deliveries",
        template="operations/delivery_list.html",
    )


@require_GET
@login_required
def delivery_detail(request: HttpRequest, pk: int) -> HttpResponse:
    delivery = get_object_or_404(selectors.deliveries_visible_to(request.user), pk=pk)
    context = {
        "delivery": delivery,
        "tries": list(selectors.delivery_tries(delivery)),
        "may_replay": may(request.user, REPLAY_DELIVERIES, delivery),
    }
    return render(request, "operations/delivery_detail.html", context)


@require_POST
@login_required
def delivery_replay(request: HttpRequest, pk: int) -> HttpResponse:
    delivery = get_object_or_404(selectors.deliveries_visible_to(request.user), pk=pk)
    try:
        hub.replay(
            acting_user=request.user,
            delivery=delivery,
            now=timezone.now(),
            reason=request.POST.get("reason", "")[:200],
        )
    except tmf621.TmfInputError as error:
        messages.error(request, "; ".join(f"{p.path}: {p.message}" for p in error.problems))
    else:
        messages.success(request, f"Delivery {delivery.pk} is due again (id {delivery.event_id}).")
    return redirect("operations:delivery_detail", pk=delivery.pk)
