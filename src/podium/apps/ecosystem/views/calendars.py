"""Pages of business calendars."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from podium.apps.ecosystem import selectors, services
from podium.apps.ecosystem.filters import CalendarFilterSet
from podium.apps.ecosystem.forms import CalendarForm
from podium.apps.ecosystem.rules import EDIT
from podium.apps.ecosystem.tables import CalendarTable
from podium.core.calendars.hours import hours_as_text
from podium.platform.access import require
from podium.platform.editing import cleaned_fields, delete_page, form_page
from podium.platform.history import detail_context
from podium.platform.lists import render_list

GET_POST = require_http_methods(["GET", "POST"])


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
    history = selectors.history_visible_to(request.user, calendar)
    context = detail_context(request, calendar, "calendar", history)
    context |= {
        "hours_text": hours_as_text(context["calendar"].weekly_hours),
        "parties": selectors.parties_visible_to(request.user).filter(calendar=calendar),
    }
    return render(request, "ecosystem/calendar_detail.html", context, status=context["http_status"])


def _calendar_page(
    request: HttpRequest, calendar: Any, title: str, cancel: str
) -> HttpResponseBase:
    form = CalendarForm(request.POST or None, instance=calendar)
    return form_page(
        request,
        form=form,
        title=title,
        save=lambda: services.save_calendar(
            acting_user=request.user, calendar=calendar, **cleaned_fields(form)
        ),
        done_url=lambda c: reverse("ecosystem:calendar_detail", args=[c.slug]),
        cancel_url=cancel,
    )


@GET_POST
@login_required
def calendar_create(request: HttpRequest) -> HttpResponseBase:
    require(request.user, EDIT)
    return _calendar_page(
        request, None, "New business calendar", reverse("ecosystem:calendar_list")
    )


@GET_POST
@login_required
def calendar_edit(request: HttpRequest, slug: str) -> HttpResponseBase:
    calendar = get_object_or_404(selectors.calendars_visible_to(request.user), slug=slug)
    require(request.user, EDIT)
    cancel = reverse("ecosystem:calendar_detail", args=[slug])
    return _calendar_page(request, calendar, f"Edit {calendar}", cancel)


@GET_POST
@login_required
def calendar_delete(request: HttpRequest, slug: str) -> HttpResponseBase:
    calendar = get_object_or_404(selectors.calendars_visible_to(request.user), slug=slug)
    require(request.user, EDIT)
    return delete_page(
        request,
        calendar,
        delete=lambda: services.delete_calendar(acting_user=request.user, calendar=calendar),
        cancel_url=reverse("ecosystem:calendar_detail", args=[slug]),
        done_url=reverse("ecosystem:calendar_list"),
    )
