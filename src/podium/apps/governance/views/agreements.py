"""The collaboration agreement: the current text, its history with diffs, a new version, and a
party manager's acknowledgement."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from podium.apps.governance.forms import AgreementForm
from podium.apps.governance.models.agreements import DEFAULT_PING_PONG_LIMIT
from podium.apps.governance.rules import ACKNOWLEDGE_AGREEMENT, EDIT
from podium.apps.governance.selectors import agreements as selectors
from podium.apps.governance.services.agreements import acknowledge_agreement, publish_agreement
from podium.platform.access import may, require


@require_GET
@login_required
def agreement(request: HttpRequest) -> HttpResponse:
    current = selectors.current_agreement()
    versions, rows = selectors.acknowledgement_table(request.user)
    acknowledged = selectors.has_acknowledged(request.user, current)
    return render(
        request,
        "governance/agreements/current.html",
        {
            "agreement": current,
            "versions": versions,
            "rows": rows,
            "may_acknowledge": bool(current)
            and may(request.user, ACKNOWLEDGE_AGREEMENT)
            and not acknowledged,
            "acknowledged": acknowledged,
            "may_edit": may(request.user, EDIT),
        },
    )


@require_GET
@login_required
def agreement_history(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "governance/agreements/history.html",
        {"history": selectors.versions_with_diffs()},
    )


@require_http_methods(["GET", "POST"])
@login_required
def agreement_new(request: HttpRequest) -> HttpResponseBase:
    require(request.user, EDIT)
    current = selectors.current_agreement()
    initial = (
        {
            "title": current.title,
            "text": current.text,
            "effective_from": timezone.localdate(),
            "ping_pong_limit": current.ping_pong_limit,
        }
        if current
        else {"effective_from": timezone.localdate(), "ping_pong_limit": DEFAULT_PING_PONG_LIMIT}
    )
    form = AgreementForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved, created = publish_agreement(acting_user=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(
                request, f"Version {saved.version} published." if created else "Nothing changed."
            )
            return redirect("governance:agreement")
    return render(request, "governance/agreements/form.html", {"form": form, "current": current})


@require_POST
@login_required
def agreement_acknowledge(request: HttpRequest, version: int) -> HttpResponseBase:
    chosen = get_object_or_404(selectors.agreement_versions(), version=version)
    acknowledge_agreement(acting_user=request.user, agreement=chosen, at=timezone.now())
    messages.success(request, f"Your party acknowledged version {chosen.version}.")
    return redirect("governance:agreement")
