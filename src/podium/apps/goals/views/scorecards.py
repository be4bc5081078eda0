"""The balanced scorecard: every visible party's figures for a month with their trend, and
one party's card over the months before."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from podium.apps.ecosystem import selectors as ecosystem
from podium.apps.goals.forms import MonthForm
from podium.apps.goals.selectors import scorecards as selectors
from podium.core.scorecard import month_windows


def month_of(request: HttpRequest) -> tuple[MonthForm, dt.date]:
    """The month asked for, else the current one (a month not understood is shown as an
    error on the form, and the current month is read)."""
    form = MonthForm(request.GET or None)
    today = timezone.localdate()
    chosen = today.replace(day=1)
    if form.is_bound and form.is_valid() and form.cleaned_data.get("month"):
        chosen = form.cleaned_data["month"].replace(day=1)
    return form, chosen


@require_GET
@login_required
def scorecard_list(request: HttpRequest) -> HttpResponse:
    form, month = month_of(request)
    rows = selectors.scorecard_rows(request.user, month, now=timezone.now())
    context: dict[str, Any] = {
        "form": form,
        "month": month,
        "months": [w.start.date() for w in month_windows(month, selectors.TREND_MONTHS)],
        "rows": rows,
    }
    return render(request, "goals/scorecard_list.html", context)


@require_GET
@login_required
def scorecard_detail(request: HttpRequest, slug: str) -> HttpResponse:
    party = get_object_or_404(ecosystem.parties_visible_to(request.user), slug=slug)
    form, month = month_of(request)
    rows = selectors.scorecard_rows(request.user, month, now=timezone.now(), party_slug=slug)
    context: dict[str, Any] = {
        "form": form,
        "party": party,
        "month": month,
        "by_month": list(
            zip(
                [w.start.date() for w in month_windows(month, selectors.TREND_MONTHS)],
                rows[0].cards if rows else [],
                strict=False,
            )
        ),
    }
    return render(request, "goals/scorecard_detail.html", context)
