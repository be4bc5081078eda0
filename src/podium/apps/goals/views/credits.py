"""Service credits: each party's per month with the breaches behind them and their evidence,
disputes raised by the party and decided by the integrator."""

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
from django.views.decorators.http import require_GET, require_POST

from podium.apps.goals.forms import DecisionForm, DisputeForm
from podium.apps.goals.rules import DECIDE_DISPUTE, DISPUTE_CREDIT, VIEW_CREDITS
from podium.apps.goals.selectors import credits as selectors
from podium.apps.goals.services import credits as services
from podium.apps.goals.views.scorecards import month_of
from podium.platform.access import may, party_of, require


@require_GET
@login_required
def credit_list(request: HttpRequest) -> HttpResponse:
    require(request.user, VIEW_CREDITS)
    form, month = month_of(request)
    now = timezone.now()
    parties = list(selectors.credit_parties_visible_to(request.user))
    rows = selectors.parties_credits(request.user, parties, month, now=now)
    context = {"form": form, "month": month, "rows": rows}
    return render(request, "goals/credit_list.html", context)


@require_GET
@login_required
def credit_detail(request: HttpRequest, slug: str) -> HttpResponse:
    require(request.user, VIEW_CREDITS)
    party = get_object_or_404(selectors.credit_parties_visible_to(request.user), slug=slug)
    form, month = month_of(request)
    found = selectors.party_credits(request.user, party, month, now=timezone.now())
    context: dict[str, Any] = {
        "form": form,
        "month": month,
        "party": party,
        "found": found,
        "credits": [
            (credit, [(b, cost, found.disputes.get(b.case_id)) for b, cost in credit.breaches])
            for credit in found.credits
        ],
        "may_dispute": may(request.user, DISPUTE_CREDIT) and party_of(request.user) == party.pk,
    }
    return render(request, "goals/credit_detail.html", context)


@require_POST
@login_required
def credit_dispute(request: HttpRequest, slug: str) -> HttpResponseBase:
    require(request.user, VIEW_CREDITS)
    party = get_object_or_404(selectors.credit_parties_visible_to(request.user), slug=slug)
    require(request.user, DISPUTE_CREDIT)
    _, month = month_of(request)
    form = DisputeForm(request.POST)
    back = reverse("goals:credit_detail", args=[party.slug]) + f"?month={month:%Y-%m}"
    if not form.is_valid():
        messages.error(request, "Name the ticket and say why the credit is not owed.")
        return redirect(back)
    try:
        services.dispute_credit(
            acting_user=request.user,
            party=party,
            month=month,
            ticket_reference=form.cleaned_data["ticket"],
            reason=form.cleaned_data["reason"],
            now=timezone.now(),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, f"Disputed {form.cleaned_data['ticket']}: sent to the integrator."
        )
    return redirect(back)


@require_GET
@login_required
def dispute_list(request: HttpRequest) -> HttpResponse:
    require(request.user, VIEW_CREDITS)
    disputes = list(selectors.disputes_visible_to(request.user)[:200])
    context = {
        "disputes": disputes,
        "may_decide": may(request.user, DECIDE_DISPUTE),
        "decision_form": DecisionForm(),
    }
    return render(request, "goals/dispute_list.html", context)


@require_POST
@login_required
def dispute_decide(request: HttpRequest, pk: int) -> HttpResponseBase:
    require(request.user, VIEW_CREDITS)
    dispute = get_object_or_404(selectors.disputes_visible_to(request.user), pk=pk)
    require(request.user, DECIDE_DISPUTE)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Accept or reject the dispute.")
        return redirect("goals:dispute_list")
    try:
        services.decide_dispute(
            acting_user=request.user,
            dispute=dispute,
            status=form.cleaned_data["status"],
            note=form.cleaned_data["note"],
            now=timezone.now(),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Decided the dispute of {dispute.ticket_reference}.")
    return redirect("goals:dispute_list")
