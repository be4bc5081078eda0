"""Reads of kudos: integrator staff and auditors read all; a party's users those their party
gave or received. A linked ticket is named only to those who may see it.

A kudos about a shared goal links the goals context's objective. Trust may not import goals
(goals reads trust), so the goals context registers where the objectives a user may name come
from (`set_goal_source`, from its AppConfig.ready), as trust adds its agenda section to
governance's forums."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from django.db.models import Q, QuerySet

from podium.apps.ecosystem import selectors as ecosystem
from podium.apps.trust.models import Kudos
from podium.apps.trust.selectors import surveys
from podium.platform.access import Actor, party_of, visible_party_ids

GoalSource = Callable[[Actor], QuerySet[Any]]
_GOAL_SOURCE: list[GoalSource] = []


def set_goal_source(source: GoalSource) -> None:
    """Where `objectives_for_choice` reads from: the objectives a user may read."""
    _GOAL_SOURCE[:] = [source]


def objectives_for_choice(user: Actor) -> QuerySet[Any]:
    """The shared goals (objectives) a kudos of `user` may name: those the user may read (none
    while no goals context registered its objectives)."""
    if _GOAL_SOURCE:
        return _GOAL_SOURCE[0](user)
    return Kudos._meta.get_field("objective").related_model._default_manager.none()


def kudos_visible_to(user: Actor) -> QuerySet[Kudos]:
    rows = Kudos.objects.select_related(
        "from_party", "to_party", "ticket", "retrospective", "objective"
    )
    parties = visible_party_ids(user)
    if parties is None:
        return rows
    return rows.filter(Q(from_party__in=parties) | Q(to_party__in=parties))


def kudos_about_objective(user: Actor, objective_id: int) -> list[Kudos]:
    """The kudos about one shared goal the user may see (the objective's page)."""
    return list(kudos_visible_to(user).filter(objective_id=objective_id))


def recent_kudos(user: Actor, limit: int = 5) -> list[Kudos]:
    """The home page's feed."""
    return list(kudos_visible_to(user)[:limit])


def recipients_for(user: Actor) -> QuerySet[Any]:
    """The parties the user's party may recognise: those it works with (and the integrator);
    integrator staff may recognise any party but their own."""
    own = party_of(user)
    parties = visible_party_ids(user)
    if parties is None or own is None:
        rows = ecosystem.parties_for_choice()
        return rows.exclude(pk=own) if own is not None else rows
    ids = [p.pk for p in surveys.parties_rated_by(own)]
    return ecosystem.parties_for_choice().filter(pk__in=ids)


def kudos_received_in(
    windows: Sequence[tuple[dt.datetime, dt.datetime]],
) -> list[dict[int, int]]:
    """For each [start, end) window, how many kudos each party received (one read): the
    scorecard's count. A count, so it names no giver."""
    if not windows:
        return []
    rows = Kudos.objects.filter(
        given_at__gte=min(start for start, _ in windows),
        given_at__lt=max(end for _, end in windows),
    ).values_list("to_party_id", "given_at")
    counts: list[dict[int, int]] = [{} for _ in windows]
    for party_id, at in rows:
        for index, (start, end) in enumerate(windows):
            if start <= at < end:
                counts[index][party_id] = counts[index].get(party_id, 0) + 1
    return counts
