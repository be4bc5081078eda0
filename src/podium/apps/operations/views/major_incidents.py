"""Major incident pages: the list, declaring one from a ticket, its page (the bridge with
contacts reachable now, the timeline of status updates, the review once closed), posting an
update and closing — adapters over `selectors.major_incidents` and
`services.major_incidents`."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from podium.apps.operations import selectors as tickets
from podium.apps.operations.choices import MajorIncidentStatus
from podium.apps.operations.forms import (
    CloseMajorIncidentForm,
    DeclareMajorIncidentForm,
    IncidentUpdateForm,
)
from podium.apps.operations.rules import POST_INCIDENT_UPDATES, RUN_MAJOR_INCIDENTS
from podium.apps.operations.selectors import major_incidents as selectors
from podium.apps.operations.services import major_incidents
from podium.platform.access import may, require

GET_POST = require_http_methods(["GET", "POST"])


@require_GET
@login_required
def major_incident_list(request: HttpRequest) -> HttpResponse:
    rows = list(selectors.major_incidents_visible_to(request.user)[:200])
    return render(request, "operations/major_incident_list.html", {"incidents": rows})


@GET_POST
@login_required
def major_incident_declare(request: HttpRequest, reference: str) -> HttpResponseBase:
    ticket = get_object_or_404(tickets.tickets_visible_to(request.user), reference=reference)
    require(request.user, RUN_MAJOR_INCIDENTS)
    form = DeclareMajorIncidentForm(request.POST or None, initial={"title": ticket.title})
    if request.method == "POST" and form.is_valid():
        try:
            incident = major_incidents.declare_major_incident(
                acting_user=request.user,
                ticket=ticket,
                title=form.cleaned_data["title"],
                now=timezone.now(),
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, f"{ticket.reference} is a major incident: its bridge is set.")
            return redirect("operations:major_incident_detail", pk=incident.pk)
    if request.method == "POST":
        form.mark_invalid()
    context = {
        "form": form,
        "ticket": ticket,
        "title": f"Declare {ticket.reference} a major incident",
        "cancel_url": reverse("operations:ticket_detail", args=[ticket.reference]),
        "submit_label": "Declare and call the bridge",
    }
    return render(request, "operations/major_incident_declare.html", context)


def _page(request: HttpRequest, incident: Any, **forms: Any) -> HttpResponse:
    is_open = incident.status == MajorIncidentStatus.OPEN
    context = {
        "incident": incident,
        "bridge": selectors.bridge(incident, timezone.now()),
        "updates": list(selectors.incident_updates(incident)),
        "ticket_visible": tickets.tickets_visible_to(request.user)
        .filter(pk=incident.ticket_id)
        .exists(),
        "update_form": forms.get("update_form")
        or (IncidentUpdateForm() if is_open and may(request.user, POST_INCIDENT_UPDATES) else None),
        "close_form": forms.get("close_form")
        or (
            CloseMajorIncidentForm() if is_open and may(request.user, RUN_MAJOR_INCIDENTS) else None
        ),
    }
    return render(request, "operations/major_incident_detail.html", context)


@require_GET
@login_required
def major_incident_detail(request: HttpRequest, pk: int) -> HttpResponse:
    incident = get_object_or_404(selectors.major_incidents_visible_to(request.user), pk=pk)
    return _page(request, incident)


@require_POST
@login_required
def major_incident_update(request: HttpRequest, pk: int) -> HttpResponseBase:
    incident = get_object_or_404(selectors.major_incidents_visible_to(request.user), pk=pk)
    require(request.user, POST_INCIDENT_UPDATES)
    form = IncidentUpdateForm(request.POST)
    if form.is_valid():
        try:
            major_incidents.post_incident_update(
                acting_user=request.user,
                incident=incident,
                phase=form.cleaned_data["phase"],
                text=form.cleaned_data["text"],
                now=timezone.now(),
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, "Update posted to the bridge.")
            return redirect("operations:major_incident_detail", pk=incident.pk)
    form.mark_invalid()
    return _page(request, incident, update_form=form)


@require_POST
@login_required
def major_incident_close(request: HttpRequest, pk: int) -> HttpResponseBase:
    incident = get_object_or_404(selectors.major_incidents_visible_to(request.user), pk=pk)
    require(request.user, RUN_MAJOR_INCIDENTS)
    form = CloseMajorIncidentForm(request.POST)
    if form.is_valid():
        try:
            major_incidents.close_major_incident(
                acting_user=request.user,
                incident=incident,
                review=form.cleaned_data["review"],
                follow_up=form.cleaned_data["follow_up"],
                retrospective_due_on=form.cleaned_data["retrospective_due_on"],
                now=timezone.now(),
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, "Major incident closed with its review.")
            return redirect("operations:major_incident_detail", pk=incident.pk)
    form.mark_invalid()
    return _page(request, incident, close_form=form)
