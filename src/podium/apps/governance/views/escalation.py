"""Escalation ladder pages: list, one ladder with its version history, and a new version."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from podium.apps.governance.filters import LadderFilterSet
from podium.apps.governance.forms import LadderHeaderForm, StepFormSet
from podium.apps.governance.models import EscalationLadder
from podium.apps.governance.rules import EDIT
from podium.apps.governance.selectors import escalation as selectors
from podium.apps.governance.services.escalation import StepInput, publish_ladder_version
from podium.apps.governance.tables import LadderTable
from podium.platform.access import may, require
from podium.platform.lists import render_list


@require_GET
@login_required
def ladder_list(request: HttpRequest) -> HttpResponseBase:
    return render_list(
        request,
        queryset=selectors.current_ladders_visible_to(request.user),
        filterset_class=LadderFilterSet,
        table_class=LadderTable,
        title="Escalation ladders",
        export_name="ladders",
    )


@require_GET
@login_required
def ladder_detail(request: HttpRequest, key: str) -> HttpResponse:
    current, versions = selectors.ladder_for_page(request.user, key)
    return render(
        request,
        "governance/ladders/detail.html",
        {
            "ladder": current,
            "steps": selectors.steps_with_contacts(current),
            "history": selectors.versions_with_diffs(versions),
            "may_edit": may(request.user, EDIT),
        },
    )


def _initial_steps(ladder: EscalationLadder) -> list[dict[str, Any]]:
    return [
        {
            "level": s.level,
            "wait_minutes": s.wait_minutes,
            "wait_kind": s.wait_kind,
            "party": s.party.slug,
            "contact_role": s.contact_role,
            "channel": s.channel,
        }
        for s in selectors.ladder_steps(ladder)
    ]


@require_http_methods(["GET", "POST"])
@login_required
def ladder_new_version(request: HttpRequest, key: str) -> HttpResponseBase:
    current, _ = selectors.ladder_for_page(request.user, key)
    require(request.user, EDIT)
    if request.method == "POST":
        header = LadderHeaderForm(request.POST)
        steps = StepFormSet(request.POST, prefix="steps")
        if header.is_valid() and steps.is_valid():
            rows = [
                StepInput.from_mapping(f.cleaned_data)
                for f in steps.forms
                if f.cleaned_data and not f.cleaned_data.get("DELETE")
            ]
            try:
                ladder, created = publish_ladder_version(
                    acting_user=request.user,
                    key=key,
                    name=header.cleaned_data["name"],
                    party=header.cleaned_data["party"] or None,
                    service=header.cleaned_data["service"] or None,
                    steps=rows,
                    change_note=header.cleaned_data["change_note"],
                )
            except ValidationError as error:
                header.add_error(None, error.messages)
            else:
                messages.success(
                    request,
                    f"Version {ladder.version} is now current."
                    if created
                    else "Nothing changed; the current version stays.",
                )
                return redirect("governance:ladder_detail", key=key)
    else:
        header = LadderHeaderForm(
            initial={
                "name": current.name,
                "party": current.party.slug if current.party else "",
                "service": current.service.slug if current.service else "",
            }
        )
        steps = StepFormSet(initial=_initial_steps(current), prefix="steps")
    return render(
        request,
        "governance/ladders/new_version.html",
        {"ladder": current, "header": header, "steps": steps},
    )
