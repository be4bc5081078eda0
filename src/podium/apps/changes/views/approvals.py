"""Deciding approvals: the asked party's manager one approval, the integrator the whole change."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from podium.apps.changes.forms import DecisionForm
from podium.apps.changes.rules import DECIDE
from podium.apps.changes.selectors import approvals as selectors
from podium.apps.changes.selectors import changes as change_reads
from podium.apps.changes.services import approvals as services
from podium.platform.access import require


@require_POST
@login_required
def approval_decide(request: HttpRequest, reference: str, pk: int) -> HttpResponseBase:
    change = get_object_or_404(change_reads.changes_visible_to(request.user), reference=reference)
    approval = get_object_or_404(selectors.approvals_of(change), pk=pk)
    require(request.user, DECIDE, approval)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Approve or reject.")
        return redirect("changes:change_detail", reference=change.reference)
    try:
        services.decide_approval(acting_user=request.user, approval=approval, **form.cleaned_data)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Recorded {approval.party}'s decision on {change.reference}.")
    return redirect("changes:change_detail", reference=change.reference)


@require_POST
@login_required
def change_decide(request: HttpRequest, reference: str) -> HttpResponseBase:
    change = get_object_or_404(change_reads.changes_visible_to(request.user), reference=reference)
    require(request.user, DECIDE, None)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Approve or reject.")
        return redirect("changes:change_detail", reference=change.reference)
    try:
        decided = services.decide_change(
            acting_user=request.user, change=change, **form.cleaned_data
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"{decided.reference} is {decided.get_status_display().lower()}.")
    return redirect("changes:change_detail", reference=change.reference)
