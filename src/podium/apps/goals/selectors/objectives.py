"""Reads of objectives, key results and check-ins, and what the engine measures for them.

Objectives are the whole ecosystem's: everyone signed in reads them. A key result about one
party (its OLA, its hand-offs) is an aggregate about that party, so a party's users read only
those about themselves; the ecosystem-wide ones (a service's SLA, ping-pong) everyone reads.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from podium.apps.goals.choices import Metric
from podium.apps.goals.models import CheckIn, KeyResult, Objective
from podium.apps.operations import selectors as operations
from podium.apps.trust.selectors import surveys as trust_surveys
from podium.core import goals
from podium.platform.access import Actor, visible_party_ids


def _key_result_scope(user: Actor, prefix: str = "") -> Q | None:
    parties = visible_party_ids(user)
    if parties is None:
        return None
    return Q(**{f"{prefix}party__isnull": True}) | Q(**{f"{prefix}party__in": parties})


def objectives_visible_to(user: Actor) -> QuerySet[Objective]:
    if not getattr(user, "is_authenticated", False):
        return Objective.objects.none()
    return Objective.objects.select_related("owner").annotate(
        key_result_count=Count(
            "key_results", filter=_key_result_scope(user, "key_results__"), distinct=True
        )
    )


def key_results_visible_to(user: Actor) -> QuerySet[KeyResult]:
    if not getattr(user, "is_authenticated", False):
        return KeyResult.objects.none()
    scope = _key_result_scope(user)
    rows = KeyResult.objects.select_related("objective", "objective__owner", "service", "party")
    return rows if scope is None else rows.filter(scope)


def key_results_of(user: Actor, objective: Objective) -> list[KeyResult]:
    """The objective's key results the user may read, each with its check-ins in order."""
    return list(
        key_results_visible_to(user)
        .filter(objective=objective)
        .prefetch_related(
            Prefetch(
                "check_ins", queryset=CheckIn.objects.select_related("by").order_by("at", "id")
            )
        )
    )


def check_ins_of(key_result: KeyResult) -> QuerySet[CheckIn]:
    return key_result.check_ins.select_related("by").order_by("at", "id")


def window_of(objective: Objective) -> goals.Window:
    """The objective's period as UTC instants: from its first day to the end of its last."""
    start = dt.datetime.combine(objective.period_start, dt.time(), tzinfo=dt.UTC)
    end = dt.datetime.combine(objective.period_end + dt.timedelta(days=1), dt.time(), tzinfo=dt.UTC)
    return goals.Window(start, end)


def elapsed_share(objective: Objective, now: dt.datetime) -> float:
    window = window_of(objective)
    whole = (window.end - window.start).total_seconds()
    return min(1.0, max(0.0, (now - window.start).total_seconds() / whole))


def clock_groups(key_result: KeyResult) -> list[goals.ClockGroup]:
    """The tickets of the key result's scope over its objective's period, for the engine
    (none for the trust index, which is read from the surveys); grouped by the parties' targets
    too only for a metric that reads the parties' clocks (the engine's cost is per group: one
    per calendar is several times fewer)."""
    if key_result.metric == Metric.TRUST_INDEX:
        return []
    window = window_of(key_result.objective)
    return operations.ticket_clock_groups(
        service_id=key_result.service_id,
        start=window.start,
        end=window.end,
        party_clocks=key_result.metric in goals.PARTY_METRICS,
    )


def party_slug(key_result: KeyResult) -> str | None:
    return key_result.party.slug if key_result.party is not None else None


def measure(
    key_result: KeyResult, *, now: dt.datetime, groups: list[goals.ClockGroup] | None = None
) -> goals.Measurement:
    """What the engine measures for a metric-bound key result over its objective's period;
    the trust index (of the key result's party, else the ecosystem average) is the survey
    wave closed last before `now`, as the trust context reads it above its threshold."""
    if key_result.metric == Metric.TRUST_INDEX:
        return goals.trust_measurement(
            trust_surveys.trust_reading(key_result.party_id, today=now.date())
        )
    return goals.measure(
        key_result.metric,  # type: ignore[arg-type]
        clock_groups(key_result) if groups is None else groups,
        window_of(key_result.objective),
        now=now,
        party=party_slug(key_result),
    )


def metric_bound_to_refresh(now: dt.datetime) -> QuerySet[KeyResult]:
    """Metric-bound key results of objectives whose period has begun and not long ended (a
    week after its end, late events still count)."""
    today = now.date()
    return (
        KeyResult.objects.exclude(metric="manual")
        .filter(
            objective__period_start__lte=today,
            objective__period_end__gte=today - dt.timedelta(days=7),
        )
        .select_related("objective", "party", "service")
    )


def history_points(key_result: KeyResult) -> list[tuple[dt.datetime, float]]:
    return [(c.at, c.value) for c in key_result.check_ins.all() if c.value is not None]


def latest_check_in(key_result: KeyResult) -> CheckIn | None:
    check_ins: list[Any] = list(key_result.check_ins.all())
    return check_ins[-1] if check_ins else None
