"""Reads of approvals: who was asked to approve a change and what they decided, and the
agenda of the change advisory board (the forum with the slug `CAB_FORUM_SLUG`): every change
awaiting approval, with its conflicts, registered with governance's agendas from the app's
`ready` (governance may not import the change calendar)."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet

from podium.apps.changes.choices import CAB_FORUM_SLUG
from podium.apps.changes.models import Approval, Change
from podium.core import changes as core
from podium.core.forums import AgendaItem, AgendaSection


def approvals_of(change: Change) -> QuerySet[Approval]:
    return Approval.objects.filter(change=change).select_related("party", "decided_by")


def awaiting_approval(since: dt.datetime) -> QuerySet[Change]:
    """Submitted changes whose window has not ended by ``since``, earliest first."""
    return (
        Change.objects.filter(status=core.SUBMITTED, planned_end__gt=since)
        .select_related("implementer")
        .prefetch_related("components")
        .order_by("planned_start", "reference")
    )


def advisory_board_section(forum: Any, today: dt.date) -> AgendaSection | None:
    """The change advisory board's agenda: every change awaiting approval, with the conflicts
    the calendar finds for it (named by kind and the other change; an incident's reference is
    left out, the agenda being read by every member). Other forums get no such section."""
    if getattr(forum, "slug", None) != CAB_FORUM_SLUG:
        return None
    from podium.apps.changes.selectors.changes import conflicts_for

    since = dt.datetime.combine(today, dt.time(), tzinfo=dt.UTC)
    zone = ZoneInfo(forum.time_zone)
    rows = list(awaiting_approval(since))
    conflicts = conflicts_for(AnonymousUser(), rows, now=since)
    items = []
    for change in rows:
        found = conflicts.get(change.pk, [])
        words = sorted(
            {
                c.label.lower()
                + (f" with {c.other.reference}" if c.other is not None else "")
                + (f" ({c.blackout})" if c.blackout else "")
                for c in found
            }
        )
        start, end = change.planned_start.astimezone(zone), change.planned_end.astimezone(zone)
        window = f"{start:%a %d %b %H:%M}–{end:%a %d %b %H:%M} ({forum.time_zone})"
        items.append(
            AgendaItem(
                "change",
                f"{change.reference} {change.title} — {change.implementer.name}, "
                f"{change.get_kind_display().lower()}, {window}: "
                + ("; ".join(words) if words else "no conflict"),
                ref=change.reference,
                overdue=change.planned_start.date() <= today,
                due_on=change.planned_start.date(),
                party=change.implementer_id,
            )
        )
    return AgendaSection("Changes awaiting approval", tuple(items))


RETROSPECTIVE_AGENDA_DAYS = 30
"""How long a change's request for a retrospective stays on the board's agenda."""


def retrospective_requests_section(forum: Any, today: dt.date) -> AgendaSection | None:
    """The change advisory board's agenda: failed or rolled-back changes that asked for a
    retrospective in the last `RETROSPECTIVE_AGENDA_DAYS` days, with their reason and how
    many incidents followed them (counted, not named: every member reads the agenda)."""
    if getattr(forum, "slug", None) != CAB_FORUM_SLUG:
        return None
    from podium.apps.changes.selectors.changes import incident_references

    since = dt.datetime.combine(
        today - dt.timedelta(days=RETROSPECTIVE_AGENDA_DAYS), dt.time(), tzinfo=dt.UTC
    )
    rows = (
        Change.objects.filter(retrospective_asked_at__gte=since)
        .select_related("implementer")
        .prefetch_related("components")
        .order_by("retrospective_asked_at", "reference")
    )
    items = []
    for change in rows:
        count = len(incident_references(change))
        items.append(
            AgendaItem(
                "change_retrospective",
                f"{change.reference} {change.title} — {change.implementer.name}, "
                f"{change.get_status_display().lower()}: {change.retrospective_reason}"
                + (f" ({count} incident{'s' if count != 1 else ''} after it)" if count else ""),
                ref=change.reference,
                due_on=change.retrospective_asked_at.date()
                if change.retrospective_asked_at
                else None,
                party=change.implementer_id,
            )
        )
    return AgendaSection("Retrospectives asked for by changes", tuple(items))
