"""Pages of objectives: the list, an objective with its key results and their history charts,
and the forms that set objectives and key results and take check-ins."""

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
from django.views.decorators.http import require_GET, require_http_methods

from podium.apps.goals.choices import Standing
from podium.apps.goals.filters import ObjectiveFilterSet
from podium.apps.goals.forms import CheckInForm, KeyResultForm, ObjectiveForm
from podium.apps.goals.rules import CHECK_IN, EDIT
from podium.apps.goals.selectors import contributions
from podium.apps.goals.selectors import objectives as selectors
from podium.apps.goals.services import objectives as services
from podium.apps.goals.tables import ObjectiveTable
from podium.apps.trust.rules import GIVE_KUDOS
from podium.apps.trust.selectors import kudos as trust_kudos
from podium.core import goals
from podium.core.reports import render_svg
from podium.platform.access import may, require
from podium.platform.editing import form_page
from podium.platform.lists import render_list

GET_POST = require_http_methods(["GET", "POST"])


@require_GET
@login_required
def objective_list(request: HttpRequest) -> HttpResponseBase:
    return render_list(
        request,
        queryset=selectors.objectives_visible_to(request.user),
        filterset_class=ObjectiveFilterSet,
        table_class=ObjectiveTable,
        title="Objectives",
        export_name="objectives",
    )


def _key_result_view(key_result: Any, objective: Any, now: Any, parts: list[Any]) -> dict[str, Any]:
    latest = selectors.latest_check_in(key_result)
    points = selectors.history_points(key_result)
    chart = ""
    if points:
        spec = goals.history_chart_spec(
            points,
            title=key_result.title,
            baseline=key_result.baseline,
            target=key_result.target,
            unit=key_result.unit,
        )
        chart = render_svg(spec, f"{key_result.title}: check-ins")
    progress = key_result.current_progress
    standing = goals.standing(
        progress, latest.confidence if latest else None, selectors.elapsed_share(objective, now)
    )
    return {
        "kr": key_result,
        "latest": latest,
        "check_ins": list(key_result.check_ins.all()),
        "chart": chart,
        "standing": standing,
        "standing_label": Standing(standing).label,
        "parts": parts,
        "empty_note": goals.NO_SURVEY_RESULTS
        if key_result.metric in goals.UNMEASURED_METRICS
        else "",
    }


@require_GET
@login_required
def objective_detail(request: HttpRequest, pk: int) -> HttpResponse:
    objective = get_object_or_404(selectors.objectives_visible_to(request.user), pk=pk)
    now = timezone.now()
    key_results = selectors.key_results_of(request.user, objective)
    parts: dict[int, list[Any]] = {}
    for part in contributions.contributions_visible_to(request.user).filter(
        key_result__in=key_results
    ):
        parts.setdefault(part.key_result_id, []).append(part)
    context = {
        "objective": objective,
        "key_results": [
            _key_result_view(kr, objective, now, parts.get(kr.pk, [])) for kr in key_results
        ],
        "may_edit": may(request.user, EDIT),
        "may_check_in": may(request.user, CHECK_IN, objective),
        "kudos": trust_kudos.kudos_about_objective(request.user, objective.pk),
        "may_give_kudos": may(request.user, GIVE_KUDOS),
    }
    return render(request, "goals/objective_detail.html", context)


@GET_POST
@login_required
def objective_create(request: HttpRequest) -> HttpResponseBase:
    require(request.user, EDIT)
    form = ObjectiveForm(request.POST or None)
    return form_page(
        request,
        form=form,
        title="New objective",
        save=lambda: services.save_objective(
            acting_user=request.user, objective=None, fields=dict(form.cleaned_data)
        ),
        done_url=lambda o: reverse("goals:objective_detail", args=[o.pk]),
        cancel_url=reverse("goals:objective_list"),
    )


@GET_POST
@login_required
def objective_edit(request: HttpRequest, pk: int) -> HttpResponseBase:
    objective = get_object_or_404(selectors.objectives_visible_to(request.user), pk=pk)
    require(request.user, EDIT)
    form = ObjectiveForm(request.POST or None, instance=objective)
    return form_page(
        request,
        form=form,
        title=f"Edit {objective}",
        save=lambda: services.save_objective(
            acting_user=request.user, objective=objective, fields=dict(form.cleaned_data)
        ),
        done_url=lambda o: reverse("goals:objective_detail", args=[o.pk]),
        cancel_url=reverse("goals:objective_detail", args=[objective.pk]),
    )


@GET_POST
@login_required
def key_result_create(request: HttpRequest, pk: int) -> HttpResponseBase:
    objective = get_object_or_404(selectors.objectives_visible_to(request.user), pk=pk)
    require(request.user, EDIT)
    form = KeyResultForm(request.POST or None)
    return form_page(
        request,
        form=form,
        title=f"New key result of {objective}",
        save=lambda: services.save_key_result(
            acting_user=request.user,
            objective=objective,
            key_result=None,
            fields=dict(form.cleaned_data),
        ),
        done_url=lambda k: reverse("goals:objective_detail", args=[objective.pk]),
        cancel_url=reverse("goals:objective_detail", args=[objective.pk]),
    )


@GET_POST
@login_required
def check_in(request: HttpRequest, pk: int) -> HttpResponseBase:
    key_result = get_object_or_404(selectors.key_results_visible_to(request.user), pk=pk)
    objective = key_result.objective
    require(request.user, CHECK_IN, objective)
    form = CheckInForm(request.POST or None, key_result=key_result)
    if request.method == "POST":
        if form.is_valid():
            try:
                row = services.check_in(
                    acting_user=request.user,
                    key_result=key_result,
                    at=timezone.now(),
                    confidence=form.cleaned_data["confidence"],
                    note=form.cleaned_data["note"],
                    value=form.cleaned_data.get("value"),
                )
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                shown = "no value" if row.value is None else f"{row.value:g} {key_result.unit}"
                messages.success(request, f"Checked in “{key_result}”: {shown.strip()}.")
                return redirect("goals:objective_detail", pk=objective.pk)
        form.mark_invalid()
    context = {"form": form, "kr": key_result, "objective": objective}
    return render(request, "goals/check_in.html", context)
