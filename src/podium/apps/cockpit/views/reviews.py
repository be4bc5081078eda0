"""The monthly service review of a party as a PDF: the page's download and `podium report
monthly` render the same document from the same selector."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from podium.apps.cockpit.selectors import reviews as selectors
from podium.core.reports.pdf import render_pdf
from podium.core.reports.review import CHART_BREACHES, MonthError, parse_month
from podium.core.reports.svg import render_svg
from podium.core.trust import DIMENSIONS, Aggregate

TREND_NAMES = (
    "ola_attainment",
    "sla_attainment",
    "",
    "prompt_handoffs",
    "bounces_caused",
    "response_hours",
    "shared_goal_share",
)
"""The scorecard table's trend row, column by column ("" where a column has no trend)."""


def review_document(review: selectors.MonthlyReview) -> str:
    """The review as one self-contained HTML document (inline SVG charts, inline style)."""
    charts = {
        key: mark_safe(render_svg(spec, str(spec["description"])))  # noqa: S308 - Vega escapes data
        for key, spec in selectors.review_charts(review).items()
    }
    shown = review.feedback.shown if review.feedback is not None else None
    context: dict[str, Any] = {
        "review": review,
        "as_of": min(review.generated_at, _month_end(review.month)),
        "charts": charts,
        "breach_rows": [
            {
                "ticket": b.case_id,
                "breached_at": b.breached_at,
                "target_hours": b.target_seconds / 3600,
                "elapsed_hours": b.elapsed_seconds / 3600,
                "used": [(review.name_of(p), s / 3600) for p, s in b.time_by_party],
                "own_breached": b.own_clock_breached,
            }
            for b in review.breaches
        ],
        "partner_rows": [
            {
                "name": review.name_of(p.party),
                "handed_to": p.handed_to,
                "taken_from": p.taken_from,
                "bounces": p.bounces,
            }
            for p in review.flows.partners
        ],
        "scorecard_months": list(zip(review.months, review.scorecard.cards, strict=True))
        if review.scorecard
        else [],
        "trend_names": TREND_NAMES,
        "chart_breaches": CHART_BREACHES,
        "feedback_aggregate": shown if isinstance(shown, Aggregate) else None,
        "feedback_dimensions": DIMENSIONS,
    }
    return render_to_string("cockpit/reviews/monthly.html", context)


def review_pdf(review: selectors.MonthlyReview) -> bytes:
    return render_pdf(review_document(review))


def _month_end(month: dt.date) -> dt.datetime:
    index = month.year * 12 + month.month
    return dt.datetime(index // 12, index % 12 + 1, 1, tzinfo=dt.UTC)


def review_filename(party_slug: str, month: dt.date) -> str:
    return f"podium-review-{party_slug}-{month:%Y-%m}.pdf"


@require_GET
@login_required
def review_pdf_view(request: HttpRequest, slug: str, month: str) -> HttpResponse:
    try:
        first_day = parse_month(month)
    except MonthError as error:
        return HttpResponseBadRequest(str(error), content_type="text/plain; charset=utf-8")
    party = selectors.reviewable_party(request.user, slug)
    if party is None:
        raise Http404("No such party.")
    review = selectors.monthly_review(request.user, party, first_day, now=timezone.now())
    response = HttpResponse(review_pdf(review), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{review_filename(slug, first_day)}"'
    return response
