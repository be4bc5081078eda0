"""The insight no tool gives: per party pair, trust against ping-pong and hand-off delay, a
chart with its data table (and CSV) and a plain-language reading."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from podium.apps.trust.selectors import surveys as selectors
from podium.platform.lists import csv_response


def _rows(found: selectors.Insight) -> Iterator[list[Any]]:
    yield ["party", "other party", "trust", "ping-pong share", "median hand-off delay (h)"]
    for row in found.rows:
        f = row.figures
        yield [
            row.party_a.name,
            row.party_b.name,
            f.trust,
            f.ping_pong,
            "" if f.handoff_delay_hours is None else f.handoff_delay_hours,
        ]


@require_GET
@login_required
def insight(request: HttpRequest) -> HttpResponseBase:
    wave = None
    if request.GET.get("wave"):
        wave = get_object_or_404(selectors.waves_visible_to(request.user), slug=request.GET["wave"])
    found = selectors.insight(request.user, wave)
    if request.GET.get("export") == "csv":
        return csv_response(_rows(found), "trust-insight")
    return render(request, "trust/insight.html", {"insight": found})
