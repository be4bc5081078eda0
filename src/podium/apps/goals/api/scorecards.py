"""`/api/v1/goals/scorecards`: each visible party's balanced scorecard for a month."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema

from podium.apps.goals.selectors import scorecards as selectors
from podium.platform.api import invalid

router = Router()


class ScorecardOut(Schema):
    party: str
    month: str
    ola_attainment: float | None
    sla_attainment: float | None
    tickets: int
    prompt_handoffs: float | None
    handoffs_taken: int
    bounces_caused: int
    response_hours: float | None
    relationship: float | None
    relationship_note: str
    kudos_received: int
    shared_goal_share: float | None
    trends: dict[str, str]


@router.get(
    "/scorecards",
    response=list[ScorecardOut],
    summary="The balanced scorecard of each party you may see, for a month (YYYY-MM)",
)
def list_scorecards(request: HttpRequest, month: str | None = None) -> list[dict[str, Any]]:
    chosen = timezone.localdate().replace(day=1)
    if month is not None:
        try:
            chosen = dt.datetime.strptime(month, "%Y-%m").date()  # noqa: DTZ007 (a date)
        except ValueError:
            raise invalid(["query", "month"], "a month as YYYY-MM") from None
        if not 1900 <= chosen.year <= 2999:
            raise invalid(["query", "month"], "a month from 1900 to 2999")
    rows = selectors.scorecard_rows(request.user, chosen, now=timezone.now())
    return [
        {
            **{f: getattr(row.card, f) for f in ScorecardOut.model_fields if hasattr(row.card, f)},
            "party": row.party.slug,  # type: ignore[attr-defined]
            "month": chosen.strftime("%Y-%m"),
            "trends": row.trends,
        }
        for row in rows
    ]
