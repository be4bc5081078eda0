"""The watermelon page: per business service, tickets breached end to end in a rolling window
while every party met its own target — an adapter over `selectors.watermelons`."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
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
