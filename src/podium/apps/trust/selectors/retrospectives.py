"""Reads of retrospectives and their actions.

Integrator staff and auditors read every retrospective; a party's users read those their party
took part in or owns an action of. A forum's agenda lists the open actions of the
retrospectives linked to it (`open_action_section`, registered with governance's agenda).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Q, QuerySet

from podium.apps.governance.selectors import forums as governance_forums
from podium.apps.operations import selectors as operations
from podium.apps.trust.models import RetroAction, Retrospective
from podium.core import forums as lifecycle
from podium.core.forums import AgendaItem, AgendaSection
from podium.platform.access import Actor, visible_party_ids

OPEN = lifecycle.OPEN_ACTION_STATUSES


def retrospectives_visible_to(user: Actor) -> QuerySet[Retrospective]:
    rows = Retrospective.objects.select_related("ticket", "forum").annotate(
        open_actions=Count("actions", filter=Q(actions__status__in=OPEN), distinct=True)
    )
    parties = visible_party_ids(user)
    if parties is None:
        return rows
    mine = Retrospective.objects.filter(
        Q(parties__in=parties) | Q(actions__owner_party__in=parties)
    ).values("pk")
    return rows.filter(pk__in=mine)


def retro_actions_visible_to(user: Actor) -> QuerySet[RetroAction]:
    visible = retrospectives_visible_to(user).values("pk")
    return RetroAction.objects.select_related("retrospective", "owner_party").filter(
        retrospective__in=visible
    )


def overdue_retro_actions(today: dt.date) -> Q:
    """The query form of `core.forums.is_action_overdue`."""
    return Q(status__in=OPEN, due_on__lt=today)


def open_actions_of_forum(forum_id: int) -> QuerySet[RetroAction]:
    return RetroAction.objects.select_related("owner_party", "retrospective").filter(
        retrospective__forum_id=forum_id, status__in=OPEN
    )


def open_action_section(forum: Any, today: dt.date) -> AgendaSection:
    """The agenda section of a forum's meeting: open actions of its retrospectives."""
    items = lifecycle.ordered(
        AgendaItem(
            "retro_action",
            f"{a.title} — {a.owner_party.name}, due {a.due_on.isoformat()} "
            f"(retrospective “{a.retrospective.title}”)"
            + (" (overdue)" if lifecycle.is_action_overdue(a.status, a.due_on, today) else ""),
            ref=str(a.pk),
            overdue=lifecycle.is_action_overdue(a.status, a.due_on, today),
            due_on=a.due_on,
            party=a.owner_party_id,
        )
        for a in open_actions_of_forum(forum.pk)
    )
    return AgendaSection("Open retrospective actions", items)


def forums_for_choice(user: Actor) -> QuerySet[Any]:
    return governance_forums.forums_visible_to(user).order_by("name")


def tickets_for_choice(user: Actor) -> QuerySet[Any]:
    return operations.tickets_visible_to(user).order_by("-opened_at")


def ticket_in_reach(user: Actor, retrospective: Retrospective) -> Any:
    """The retrospective's major incident, if the viewer may see that ticket."""
    if retrospective.ticket_id is None:
        return None
    return operations.tickets_visible_to(user).filter(pk=retrospective.ticket_id).first()
