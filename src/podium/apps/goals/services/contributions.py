"""Writes of contributions: replaced with each measurement of a metric-bound key result
(at a check-in and on the worker's schedule), inside the caller's transaction."""

from __future__ import annotations

import datetime as dt

from podium.apps.ecosystem import selectors as ecosystem
from podium.apps.goals.models import Contribution, KeyResult
from podium.core import goals


def replace_contributions(
    key_result: KeyResult, parts: list[goals.Contribution], *, at: dt.datetime
) -> list[Contribution]:
    """Store `parts` as the key result's contributions (parties unknown to the ecosystem, such
    as a tool's own team names, are left out); whether they changed is the caller's audit."""
    ids = {slug: pk for pk, slug in ecosystem.party_slugs().items()}
    rows = [
        Contribution(
            key_result=key_result,
            party_id=ids[part.party],
            seconds=part.seconds,
            share=part.share,
            measured_at=at,
        )
        for part in parts
        if part.party in ids
    ]
    for row in rows:
        row.full_clean(exclude=["key_result", "party"])
    Contribution.objects.filter(key_result=key_result).delete()
    return Contribution.objects.bulk_create(rows)
