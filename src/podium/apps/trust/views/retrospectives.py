"""Retrospective pages: the list, a new one, one retrospective with its actions, adding an
action, the list of actions, and moving an action along."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from podium.apps.trust.filters import RetroActionFilterSet, RetrospectiveFilterSet
from podium.apps.trust.forms import RetroActionForm, RetroActionStatusForm, RetrospectiveForm
from podium.apps.trust.rules import RUN_RETROSPECTIVES, SET_RETRO_ACTION_STATUS
from podium.apps.trust.selectors import retrospectives as selectors
from podium.apps.trust.services import retrospectives as services
from podium.apps.trust.tables import RetroActionTable, RetrospectiveTable
from podium.core import forums as lifecycle
from podium.platform.access import may, require
from podium.platform.lists import render_list


@require_GET
@login_required
def retrospective_list(request: HttpRequest) -> HttpResponseBase:
    return render_list(
        request,
        queryset=selectors.retrospectives_visible_to(request.user),
        filterset_class=RetrospectiveFilterSet,
        table_class=RetrospectiveTable,
        title="Retrospectives",
        export_name="retrospectives",
        template="trust/retrospective_list.html",
        extra={"may_run": may(request.user, RUN_RETROSPECTIVES)},
    )


@require_http_methods(["GET", "POST"])
@login_required
def retrospective_create(request: HttpRequest) -> HttpResponseBase:
    require(request.user, RUN_RETROSPECTIVES)
    form = RetrospectiveForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            retro = services.record_retrospective(acting_user=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, f"“{retro.title}” recorded.")
            return redirect("trust:retrospective_detail", pk=retro.pk)
    return render(
        request,
        "platform/form.html",
        {
            "form": form,
            "title": "New retrospective",
            "cancel_url": reverse("trust:retrospective_list"),
            "submit_label": "Record",
        },
    )


@require_GET
@login_required
def retrospective_detail(request: HttpRequest, pk: int) -> HttpResponse:
    retro = get_object_or_404(selectors.retrospectives_visible_to(request.user), pk=pk)
    actions = list(retro.actions.select_related("owner_party"))
    today = timezone.localdate()
    rows = [
        {
            "action": a,
            "overdue": lifecycle.is_action_overdue(a.status, a.due_on, today),
            "may_update": may(request.user, SET_RETRO_ACTION_STATUS, a),
        }
        for a in actions
    ]
    may_run = may(request.user, RUN_RETROSPECTIVES)
    return render(
        request,
        "trust/retrospective_detail.html",
        {
            "retro": retro,
            "ticket": selectors.ticket_in_reach(request.user, retro),
            "parties": list(retro.parties.order_by("name")),
            "rows": rows,
            "statuses": RetroActionStatusForm.base_fields["status"].choices,  # type: ignore[attr-defined]
            "action_form": RetroActionForm() if may_run else None,
        },
    )


@require_POST
@login_required
def retrospective_action(request: HttpRequest, pk: int) -> HttpResponseBase:
    retro = get_object_or_404(selectors.retrospectives_visible_to(request.user), pk=pk)
    require(request.user, RUN_RETROSPECTIVES)
    form = RetroActionForm(request.POST)
    if form.is_valid():
        try:
            services.add_retro_action(
                acting_user=request.user, retrospective=retro, **form.cleaned_data
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"Action “{form.cleaned_data['title']}” added.")
    else:
        messages.error(
            request,
            " ".join(f"{name}: {' '.join(str(m) for m in e)}" for name, e in form.errors.items()),
        )
    return redirect("trust:retrospective_detail", pk=retro.pk)


@require_GET
@login_required
def retro_action_list(request: HttpRequest) -> HttpResponseBase:
    return render_list(
        request,
        queryset=selectors.retro_actions_visible_to(request.user),
        filterset_class=RetroActionFilterSet,
        table_class=RetroActionTable,
        title="Retrospective actions",
        export_name="retrospective-actions",
    )


@require_POST
@login_required
def retro_action_status(request: HttpRequest, pk: int) -> HttpResponseBase:
    action = get_object_or_404(selectors.retro_actions_visible_to(request.user), pk=pk)
    form = RetroActionStatusForm(request.POST)
    if not form.is_valid():
        return HttpResponse("Unknown status", status=400)
    try:
        action = services.set_retro_action_status(
            acting_user=request.user,
            action=action,
            status=form.cleaned_data["status"],
            today=timezone.localdate(),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"“{action.title}” is now {action.get_status_display().lower()}.")
    return redirect("trust:retrospective_detail", pk=action.retrospective_id)
