"""The collaboration agreement: the current text, its history with diffs, a new version, and a
party manager's acknowledgement."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from podium.apps.governance.forms_forums import AgreementForm
from podium.apps.governance.selectors import agreements as selectors
from podium.apps.governance.services.agreements import acknowledge_agreement, publish_agreement


@require_GET
@login_required
def agreement(request: HttpRequest) -> HttpResponse:
    current = selectors.current_agreement()
    versions, rows = selectors.acknowledgement_table(request.user)
    party_id = getattr(request.user, "party_id", None)
    acknowledged = bool(
        current and party_id and current.acknowledgements.filter(party_id=party_id).exists()
    )
    return render(
        request,
        "governance/agreements/current.html",
        {
            "agreement": current,
            "versions": versions,
            "rows": rows,
            "may_acknowledge": bool(current)
            and request.user.has_perm("platform.manage_own_party")
            and not acknowledged,
            "acknowledged": acknowledged,
            "may_edit": request.user.has_perm("platform.edit_governance"),
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
    if not request.user.has_perm("platform.edit_governance"):
        raise PermissionDenied
    current = selectors.current_agreement()
    initial = (
        {"title": current.title, "text": current.text, "effective_from": timezone.localdate()}
        if current
        else {"effective_from": timezone.localdate()}
    )
    form = AgreementForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        saved, created = publish_agreement(acting_user=request.user, **form.cleaned_data)
        messages.success(
            request, f"Version {saved.version} published." if created else "Nothing changed."
        )
        return redirect("governance:agreement")
    return render(request, "governance/agreements/form.html", {"form": form, "current": current})


@require_POST
@login_required
def agreement_acknowledge(request: HttpRequest, version: int) -> HttpResponseBase:
    chosen = get_object_or_404(selectors.agreement_versions(), version=version)
    if not request.user.has_perm("platform.manage_own_party"):
        raise PermissionDenied
    acknowledge_agreement(acting_user=request.user, agreement=chosen, at=timezone.now())
    messages.success(request, f"Your party acknowledged version {chosen.version}.")
    return redirect("governance:agreement")
