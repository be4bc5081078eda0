"""`/api/v1/trust/insight`: per party pair, trust against ping-pong and hand-off delay, and the
plain-language readings of both relations."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from podium.apps.trust.selectors import surveys as selectors

router = Router()


class PairOut(Schema):
    party_a: str
    party_b: str
    trust: float
    ping_pong: float
    handoff_delay_hours: float | None


class RelationOut(Schema):
    pairs: int
    coefficient: float | None
    strength: str
    reading: str


class InsightOut(Schema):
    wave: str | None
    pairs: list[PairOut]
    ping_pong: RelationOut
    handoff_delay: RelationOut


def _relation(relation: Any) -> dict[str, Any]:
    return {
        "pairs": relation.pairs,
        "coefficient": relation.coefficient,
        "strength": relation.strength,
        "reading": relation.reading,
    }


@router.get("/insight", response=InsightOut, summary="Trust against ping-pong per party pair")
def get_insight(request: HttpRequest, wave: str | None = None) -> Any:
    chosen = None
    if wave:
        chosen = get_object_or_404(selectors.waves_visible_to(request.user), slug=wave)
    found = selectors.insight(request.user, chosen)
    return {
        "wave": found.wave.slug if found.wave else None,
        "pairs": [
            {
                "party_a": row.party_a.slug,
                "party_b": row.party_b.slug,
                "trust": row.figures.trust,
                "ping_pong": row.figures.ping_pong,
                "handoff_delay_hours": row.figures.handoff_delay_hours,
            }
            for row in found.rows
        ],
        "ping_pong": _relation(found.ping_pong),
        "handoff_delay": _relation(found.handoff_delay),
    }
