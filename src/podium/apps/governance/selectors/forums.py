"""Reads of forums, meetings, decisions and actions, scoped to the acting user, and the agenda a
meeting is prepared with.

A party's users see the forums their party sits in, and those forums' meetings, decisions and
actions; they also see every action their own party owns, wherever it was agreed. A forum they do
not sit in does not exist for them (404).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Q, QuerySet

from podium.apps.ecosystem import selectors as ecosystem
from podium.apps.governance.choices import ActionStatus, DecisionStatus
from podium.apps.governance.models import Action, Decision, Forum, ForumMembership, Meeting
from podium.apps.governance.selectors import raci as raci_selectors
from podium.core.cadence import CadenceError, next_occurrences
from podium.platform.access import visible_party_ids

OPEN_ACTION_STATUSES = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)
NOTICE_HORIZON_DAYS = 90


def forums_visible_to(user: Any) -> QuerySet[Forum]:
    rows = Forum.objects.annotate(member_count=Count("memberships", distinct=True))
    parties = visible_party_ids(user)
    if parties is None:
        return rows
    sitting = ForumMembership.objects.filter(party__in=parties).values("forum_id")
    return rows.filter(pk__in=sitting)


def forums_of_party(party_id: int | None) -> QuerySet[Forum]:
    """The forums a party sits in (the personal calendar feed lists these)."""
    if party_id is None:
        return Forum.objects.none()
    return Forum.objects.filter(memberships__party_id=party_id).distinct()


def memberships(forum: Forum) -> QuerySet[ForumMembership]:
    return (
        forum.memberships.select_related("party")
        .prefetch_related("people")
        .order_by("role", "party__name")
    )


def meetings_visible_to(user: Any) -> QuerySet[Meeting]:
    return Meeting.objects.select_related("forum").filter(forum__in=forums_visible_to(user))


def decisions_visible_to(user: Any) -> QuerySet[Decision]:
    return Decision.objects.select_related("forum", "meeting").filter(
        forum__in=forums_visible_to(user)
    )


def actions_visible_to(user: Any) -> QuerySet[Action]:
    rows = Action.objects.select_related("forum", "meeting", "owner_party", "owner")
    parties = visible_party_ids(user)
    if parties is None:
        return rows
    sitting = ForumMembership.objects.filter(party__in=parties).values("forum_id")
    return rows.filter(Q(forum__in=sitting) | Q(owner_party__in=parties))


def is_chair(user: Any, forum: Forum) -> bool:
    """A manager of a party that chairs the forum may run its meetings."""
    party_id = getattr(user, "party_id", None)
    return (
        getattr(user, "role", None) == "party_manager"
        and party_id is not None
        and forum.memberships.filter(party_id=party_id, role="chair").exists()
    )


def may_run(user: Any, forum: Forum) -> bool:
    """Integrator admins run every forum; a chairing party's manager runs that forum's
    meetings and its decision log."""
    return bool(user.has_perm("platform.edit_governance")) or is_chair(user, forum)


def may_set_action_status(user: Any, action: Action) -> bool:
    """Integrator admins, and a user of the party that owns the action, move it along."""
    if user is None:
        return True
    if user.has_perm("platform.edit_governance"):
        return True
    return (
        getattr(user, "role", None) in {"party_manager", "party_member"}
        and getattr(user, "party_id", None) == action.owner_party_id
    )


def upcoming(forum: Forum, *, after: dt.datetime, count: int = 5) -> list[dt.datetime]:
    """The next occurrences of the forum's cadence (UTC); none when it has no cadence yet."""
    if not forum.cadence or forum.first_meeting_at is None:
        return []
    try:
        return next_occurrences(
            forum.cadence, forum.first_meeting_at, forum.time_zone, after, count
        )
    except CadenceError:
        return []


# -- the agenda ------------------------------------------------------------------------------


def _item(text: str, *, kind: str, overdue: bool = False, ref: str = "") -> dict[str, Any]:
    return {"text": text, "kind": kind, "overdue": overdue, "ref": ref}


def open_action_items(forum: Forum, today: dt.date) -> list[dict[str, Any]]:
    """Open actions of the forum, overdue ones first (then by due date)."""
    rows = forum.actions.filter(status__in=OPEN_ACTION_STATUSES).select_related("owner_party")
    items = [
        _item(
            f"{a.title} — {a.owner_party.name}, due {a.due_on.isoformat()}"
            + (" (overdue)" if a.due_on < today else ""),
            kind="action",
            overdue=a.due_on < today,
            ref=str(a.pk),
        )
        for a in rows
    ]
    return sorted(items, key=lambda i: (not i["overdue"], i["text"].rsplit("due ", 1)[-1]))


def decisions_due_items(forum: Forum, today: dt.date) -> list[dict[str, Any]]:
    rows = forum.decisions.filter(status=DecisionStatus.PROPOSED).order_by("due_on", "reference")
    return [
        _item(
            f"{d.reference} {d.title}"
            + (f" — due {d.due_on.isoformat()}" if d.due_on else "")
            + (" (overdue)" if d.due_on and d.due_on < today else ""),
            kind="decision",
            overdue=bool(d.due_on and d.due_on < today),
            ref=d.reference,
        )
        for d in rows
    ]


def notice_deadline_items(forum: Forum, today: dt.date) -> list[dict[str, Any]]:
    """Contracts of member parties whose notice deadline falls within the next 90 days."""
    party_ids = forum.memberships.values_list("party_id", flat=True)
    horizon = today + dt.timedelta(days=NOTICE_HORIZON_DAYS)
    return [
        _item(
            f"{contract.reference} {contract.title} ({contract.party.name}): "
            f"notice deadline {contract.notice_deadline.isoformat()}",
            kind="notice",
            ref=contract.reference,
        )
        for contract in ecosystem.contracts_with_notice_deadline_between(party_ids, today, horizon)
    ]


def raci_finding_items(forum: Forum, today: dt.date) -> list[dict[str, Any]]:
    """Gaps in the responsibility matrix that concern the forum's member parties: findings about
    a member party, or on a service or component where a member party holds a letter."""
    members = set(forum.memberships.values_list("party_id", flat=True))
    if not members:
        return []
    held = {
        letter.obj
        for letter in raci_selectors.letters_visible_to(raci_selectors.EVERYONE)
        if letter.party_id in members
    }
    findings = [
        f
        for f in raci_selectors.findings_visible_to(raci_selectors.EVERYONE, as_of=today)
        if f.party in members or f.obj in held
    ]
    names = {
        kind: raci_selectors.object_names(kind, {f.obj[1] for f in findings if f.obj[0] == kind})
        for kind in {f.obj[0] for f in findings}
    }
    return [
        _item(
            f"{names[f.obj[0]][f.obj[1]]}"
            + (f" · {f.activity}" if f.activity else "")
            + f": {f.message}",
            kind="raci",
            overdue=f.severity == "error",
            ref=f.rule,
        )
        for f in sorted(findings, key=lambda f: (f.severity != "error", f.message))
    ]


def agenda_for(forum: Forum, *, today: dt.date) -> list[dict[str, Any]]:
    """The agenda of the next meeting, from live data, as JSON-ready sections."""
    return [
        {"title": "Open actions", "items": open_action_items(forum, today)},
        {"title": "Decisions due", "items": decisions_due_items(forum, today)},
        {"title": "Notice deadlines within 90 days", "items": notice_deadline_items(forum, today)},
        {"title": "Responsibility matrix findings", "items": raci_finding_items(forum, today)},
        {
            "title": "Breaches and escalations",
            "items": [],
            "note": "Filled once the escalation engine records breaches.",
        },
    ]
