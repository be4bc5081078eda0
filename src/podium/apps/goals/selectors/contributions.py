"""Reads of contributions: who takes part in what keeps a key result from its target.

A party's users read their own party's contributions (and the key results' totals); the
integrator and auditors read every party's. "Our part in the shared goal" is one party's
contributions to the key results of running objectives.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet

from podium.apps.goals.models import Contribution, KeyResult
from podium.apps.goals.selectors.objectives import key_results_visible_to
from podium.core import goals
from podium.platform.access import Actor, visible_party_ids


def contributions_visible_to(user: Actor) -> QuerySet[Contribution]:
    rows = Contribution.objects.select_related("party", "key_result", "key_result__objective")
    parties = visible_party_ids(user)
    if parties is None:
        return rows
    return rows.filter(party__in=parties, key_result__in=key_results_visible_to(user))


def contributions_to(user: Actor, key_result: KeyResult) -> list[Contribution]:
    return list(contributions_visible_to(user).filter(key_result=key_result))


def party_part(user: Actor, party_id: int, today: dt.date) -> list[Contribution]:
    """The party's contributions to the key results of objectives running on `today` or ended
    within the last quarter, the objective's order kept."""
    return list(
        contributions_visible_to(user)
        .filter(
            party_id=party_id,
            key_result__objective__period_end__gte=today - dt.timedelta(days=92),
            key_result__objective__period_start__lte=today,
        )
        .select_related("key_result__objective__owner", "key_result__service")
        .order_by("-key_result__objective__period_start", "key_result__position", "key_result_id")
    )


def measured_parts(
    key_result: KeyResult, *, now: dt.datetime, groups: list[goals.ClockGroup]
) -> list[goals.Contribution]:
    """The engine's contributions to a metric-bound key result over its period."""
    from podium.apps.goals.selectors.objectives import party_slug, window_of

    return goals.contributions(
        key_result.metric,  # type: ignore[arg-type]
        groups,
        window_of(key_result.objective),
        now=now,
        party=party_slug(key_result),
    )
