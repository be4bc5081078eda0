"""Gathering pages: the calendar (list, CSV), its `.ics` feed, and planning a gathering."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from podium.apps.trust.filters import GatheringFilterSet
from podium.apps.trust.forms import GatheringForm
from podium.apps.trust.rules import PLAN_GATHERINGS
from podium.apps.trust.selectors import gatherings as selectors
from podium.apps.trust.services import gatherings as services
from podium.apps.trust.tables import GatheringTable
from podium.core import calendar_feed
from podium.platform.access import may, require
from podium.platform.lists import render_list


@require_GET
@login_required
def gathering_list(request: HttpRequest) -> HttpResponseBase:
    return render_list(
        request,
        queryset=selectors.gatherings_visible_to(request.user),
        filterset_class=GatheringFilterSet,
        table_class=GatheringTable,
        title="Gatherings",
        export_name="gatherings",
        template="trust/gathering_list.html",
        extra={"may_plan": may(request.user, PLAN_GATHERINGS)},
    )


@require_http_methods(["GET", "POST"])
@login_required
def gathering_create(request: HttpRequest) -> HttpResponseBase:
    require(request.user, PLAN_GATHERINGS)
    form = GatheringForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            gathering = services.plan_gathering(acting_user=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, f"“{gathering.title}” planned.")
            return redirect("trust:gathering_list")
    return render(
        request,
        "platform/form.html",
        {
            "form": form,
            "title": "Plan a gathering",
            "cancel_url": reverse("trust:gathering_list"),
            "submit_label": "Plan",
        },
    )


@require_GET
@login_required
def gathering_calendar(request: HttpRequest) -> HttpResponse:
    """The gatherings the user may see, for a calendar client."""
    series = [
        calendar_feed.Series(
            uid=f"gathering-{g.pk}@podium",
            summary=g.title,
            first_start=g.starts_at,
            duration=dt.timedelta(minutes=g.duration_minutes),
            time_zone=g.time_zone,
            description=g.description
            + (f"\nForum: {g.forum.name}" if g.forum is not None else "")
            + (f"\nWhere: {g.location}" if g.location else ""),
            url=request.build_absolute_uri(reverse("trust:gathering_list")),
        )
        for g in selectors.gatherings_visible_to(request.user)
    ]
    content = calendar_feed.feed(series, name="Gatherings", stamp=timezone.now())
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="gatherings.ics"'
    response["Cache-Control"] = "private, no-store"
    return response
