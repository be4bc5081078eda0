"""`/api/v1/trust/surveys` and `/api/v1/trust/map`: survey waves, their aggregates and the trust
map — aggregates only, each withheld below its wave's anonymity threshold."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Router, Schema
from ninja.pagination import paginate

from podium.apps.trust.filters import WaveFilterSet
from podium.apps.trust.selectors import surveys as selectors
from podium.core import trust
from podium.platform.api import BoundedPagination

router = Router()


class WaveOut(Schema):
    slug: str
    name: str
    template: str
    period: str
    opens_on: dt.date
    closes_on: dt.date
    status: str
    threshold: int
    invited: int
    answered: int
    respondents: int

    @staticmethod
    def resolve_template(obj: Any) -> str:
        return str(obj.template.slug)

    @staticmethod
    def resolve_status(obj: Any) -> str:
        return trust.wave_status(obj.opens_on, obj.closes_on, timezone.localdate())


class ScoresOut(Schema):
    """An aggregate: `withheld` true (and no figure) below the wave's threshold."""

    withheld: bool
    respondents: int | None = None
    means: dict[str, float] | None = None
    overall: float | None = None
    comments: list[str] | None = None


def scores(shown: Any) -> dict[str, Any]:
    if isinstance(shown, trust.Aggregate):
        return {
            "withheld": False,
            "respondents": shown.respondents,
            "means": dict(zip(trust.DIMENSIONS, shown.means, strict=True)),
            "overall": shown.overall,
            "comments": list(shown.comments),
        }
    return {"withheld": True}


class RatedByOut(Schema):
    party: str
    scores: ScoresOut


class PartyScoresOut(Schema):
    party: str
    party_name: str
    received: ScoresOut
    by_rater: list[RatedByOut]


class WaveReportOut(Schema):
    wave: WaveOut
    threshold: int
    ecosystem: ScoresOut
    parties: list[PartyScoresOut]


@router.get("/surveys", response=list[WaveOut], summary="Survey waves")
@paginate(BoundedPagination)
def list_surveys(
    request: HttpRequest, template: str | None = None, period: str | None = None
) -> Any:
    rows = selectors.waves_visible_to(request.user).order_by("-opens_on", "slug")
    data = {k: v for k, v in {"template": template, "period": period}.items() if v is not None}
    return WaveFilterSet(data, queryset=rows).qs


@router.get(
    "/surveys/{slug}",
    response=WaveReportOut,
    summary="A wave's aggregates you may read (withheld below its threshold)",
)
def get_survey(request: HttpRequest, slug: str) -> Any:
    wave = get_object_or_404(selectors.waves_visible_to(request.user), slug=slug)
    report = selectors.wave_report(request.user, wave)
    return {
        "wave": wave,
        "threshold": wave.threshold,
        "ecosystem": scores(report.ecosystem),
        "parties": [
            {
                "party": row.party.slug,
                "party_name": row.party.name,
                "received": scores(row.received),
                "by_rater": [{"party": r.slug, "scores": scores(s)} for r, s in row.by_rater],
            }
            for row in report.parties
        ],
    }


class MapCellOut(Schema):
    rater: str
    rated: str
    scores: ScoresOut
    trend: float | None


class MapOut(Schema):
    wave: str | None
    previous: str | None
    ecosystem: ScoresOut | None
    ecosystem_trend: float | None
    cells: list[MapCellOut]


@router.get(
    "/map",
    response=MapOut,
    summary="The trust map: each pair's overall score above the threshold, and its trend",
)
def get_map(request: HttpRequest, wave: str | None = None) -> Any:
    chosen = None
    if wave:
        chosen = get_object_or_404(selectors.waves_visible_to(request.user), slug=wave)
    found = selectors.trust_map(request.user, chosen)
    return {
        "wave": found.wave.slug if found.wave else None,
        "previous": found.previous.slug if found.previous else None,
        "ecosystem": scores(found.ecosystem) if found.ecosystem is not None else None,
        "ecosystem_trend": found.ecosystem_trend,
        "cells": [
            {
                "rater": cell.rater.slug,
                "rated": cell.rated.slug,
                "scores": scores(cell.shown),
                "trend": cell.trend,
            }
            for _, cells in found.rows
            for cell in cells
            if cell.shown is not None
        ],
    }
