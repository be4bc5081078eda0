"""The watermelon page: per business service, tickets breached end to end in a rolling window
while every party met its own target — an adapter over `selectors.watermelons`."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString
from django.views.decorators.http import require_GET

from podium.apps.operations.selectors import watermelons


@require_GET
@login_required
def watermelon_list(request: HttpRequest) -> HttpResponse:
    raw = request.GET.get("days", "")
    days = int(raw) if raw.isdigit() and int(raw) in watermelons.WINDOWS else 30
    window = dt.timedelta(days=days)
    context = {
        "alerts": watermelons.watermelon_alerts(request.user, timezone.now(), window),
        "days": days,
        "windows": watermelons.WINDOWS,
    }
    return render(request, "operations/watermelon_list.html", context)


def service_watermelon_panel(request: HttpRequest, service: Any) -> SafeString:
    """The business-service page's watermelon card (registered with the ecosystem's page from
    the app's config): the verdict over the page's default window, and the tickets behind it."""
    verdict = watermelons.service_watermelons(request.user, service, timezone.now())
    context = {"verdict": verdict, "days": watermelons.DEFAULT_WINDOW.days}
    return render_to_string("operations/partials/service_watermelons.html", context, request)
