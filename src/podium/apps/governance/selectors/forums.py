"""Reads of forums, meetings, decisions and actions, scoped to the acting user, and the agenda a
meeting is prepared with.

A party's users see the forums their party sits in, and those forums' meetings, decisions and
actions; they also see every action their own party owns, wherever it was agreed. A forum they do
not sit in does not exist for them (404). An agenda is one document for the whole forum, but
each viewer reads only the items about what they may see: a member party's contract deadline is
not another member's business.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from django.db.models import Count, Q, QuerySet

from podium.apps.ecosystem import selectors as ecosystem
from podium.apps.governance.models import Action, Decision, Forum, ForumMembership, Meeting
from podium.apps.governance.selectors import raci as raci_selectors
from podium.core import forums as rules
from podium.core.cadence import CadenceError, next_occurrences
from podium.core.contract_terms import NOTICE_WINDOW_DAYS
from podium.core.forums import Agenda, AgendaItem, AgendaSection
from podium.platform.access import Actor, visible_party_ids

if TYPE_CHECKING:
    from podium.apps.ecosystem.models import Party


def forums_visible_to(user: Actor) -> QuerySet[Forum]:
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


def free_forum_slug(base: str) -> str:
    """`base` (from a forum's name), or `base-2`, `base-3` … if taken."""
    base = base[:50] or "forum"
    slug, n = base, 2
    while Forum.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def memberships(forum: Forum) -> QuerySet[ForumMembership]:
    return (
        forum.memberships.select_related("party")
        .prefetch_related("people")
        .order_by("role", "party__name")
    )


def member_parties(forum: Forum) -> QuerySet[Party]:
    """The parties that sit in `forum` (who may own its actions)."""
    return ecosystem.parties_among(forum.memberships.values_list("party_id", flat=True))


def meetings_visible_to(user: Actor) -> QuerySet[Meeting]:
    return Meeting.objects.select_related("forum").filter(forum__in=forums_visible_to(user))


def decisions_visible_to(user: Actor) -> QuerySet[Decision]:
    return Decision.objects.select_related("forum", "meeting").filter(
        forum__in=forums_visible_to(user)
    )


def actions_visible_to(user: Actor) -> QuerySet[Action]:
    rows = Action.objects.select_related("forum", "meeting", "owner_party", "owner")
    parties = visible_party_ids(user)
    if parties is None:
        return rows
    sitting = ForumMembership.objects.filter(party__in=parties).values("forum_id")
    return rows.filter(Q(forum__in=sitting) | Q(owner_party__in=parties))


def overdue_actions(today: dt.date) -> Q:
    """`podium.core.forums.is_action_overdue` as a query."""
    return Q(status__in=rules.OPEN_ACTION_STATUSES, due_on__lt=today)


def overdue_decisions(today: dt.date) -> Q:
    """`podium.core.forums.is_decision_overdue` as a query."""
    return Q(status=rules.PROPOSED, due_on__isnull=False, due_on__lt=today)


def open_actions(rows: QuerySet[Action]) -> QuerySet[Action]:
    return rows.filter(status__in=rules.OPEN_ACTION_STATUSES)


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


def open_action_items(forum: Forum, today: dt.date) -> tuple[AgendaItem, ...]:
    """Open actions of the forum, overdue ones first (then by due date)."""
    rows = open_actions(forum.actions.all()).select_related("owner_party")
    return rules.ordered(
        AgendaItem(
            "action",
            f"{a.title} — {a.owner_party.name}, due {a.due_on.isoformat()}"
            + (" (overdue)" if rules.is_action_overdue(a.status, a.due_on, today) else ""),
            ref=str(a.pk),
            overdue=rules.is_action_overdue(a.status, a.due_on, today),
            due_on=a.due_on,
            party=a.owner_party_id,
        )
        for a in rows
    )


def decisions_due_items(forum: Forum, today: dt.date) -> tuple[AgendaItem, ...]:
    rows = forum.decisions.filter(status=rules.PROPOSED)
    return rules.ordered(
        AgendaItem(
            "decision",
            f"{d.reference} {d.title}"
            + (f" — due {d.due_on.isoformat()}" if d.due_on else "")
            + (" (overdue)" if rules.is_decision_overdue(d.status, d.due_on, today) else ""),
            ref=d.reference,
            overdue=rules.is_decision_overdue(d.status, d.due_on, today),
            due_on=d.due_on,
        )
        for d in rows
    )


def notice_deadline_items(forum: Forum, today: dt.date) -> tuple[AgendaItem, ...]:
    """Contracts of member parties that need notice soon (`podium.core.contract_terms`); each is
    shown only to that party and the integrator."""
    party_ids = forum.memberships.values_list("party_id", flat=True)
    return tuple(
        AgendaItem(
            "notice",
            f"{contract.reference} {contract.title} ({contract.party.name}): "
            + (
                f"notice deadline {contract.notice_deadline.isoformat()}"
                if contract.notice_deadline >= today
                else f"ends {contract.ends_on.isoformat()}, notice deadline passed"
            ),
            ref=contract.reference,
            due_on=ecosystem.notice_due_on(contract, today),
            about_party=contract.party_id,
            party=contract.party_id,
        )
        for contract in ecosystem.contracts_needing_notice_soon(party_ids, today)
    )


def raci_finding_items(forum: Forum, today: dt.date) -> tuple[AgendaItem, ...]:
    """Gaps in the responsibility matrix that concern the forum's member parties: findings about
    a member party, or on a service or component where a member party holds a letter. A finding
    about a contract is about that party alone."""
    members = set(forum.memberships.values_list("party_id", flat=True))
    if not members:
        return ()
    held = {letter.obj for letter in raci_selectors.all_letters() if letter.party_id in members}
    findings = [
        f
        for f in raci_selectors.all_findings(as_of=today)
        if (f.party in members) or (f.obj in held and f.rule not in raci_selectors.CONTRACT_RULES)
    ]
    names = {
        kind: raci_selectors.objects_by_id(kind, {f.obj[1] for f in findings if f.obj[0] == kind})
        for kind in {f.obj[0] for f in findings}
    }
    items = [
        AgendaItem(
            "raci",
            f"{names[f.obj[0]][f.obj[1]]}"
            + (f" · {f.activity}" if f.activity else "")
            + f": {f.message}",
            ref=f.rule,
            overdue=f.severity == "error",
            about_party=f.party if f.rule in raci_selectors.CONTRACT_RULES else None,
            about_object=f.obj,
        )
        for f in findings
    ]
    return rules.ordered(items)


AgendaSource = Callable[[Forum, dt.date], AgendaSection | None]
AGENDA_SOURCES: list[AgendaSource] = []
"""Sections other contexts add to every agenda (governance may not import them: they register
here from their AppConfig.ready, e.g. trust's open retrospective actions; a source answering
None adds nothing to that forum's agenda, e.g. the change calendar's outside the change advisory
board)."""


def add_agenda_source(source: AgendaSource) -> None:
    if source not in AGENDA_SOURCES:
        AGENDA_SOURCES.append(source)


def agenda_for(forum: Forum, *, today: dt.date) -> Agenda:
    """The agenda of the next meeting, from live data."""
    return Agenda(
        (
            AgendaSection("Open actions", open_action_items(forum, today)),
            AgendaSection("Decisions due", decisions_due_items(forum, today)),
            AgendaSection(
                f"Notice deadlines and ends within {NOTICE_WINDOW_DAYS} days",
                notice_deadline_items(forum, today),
            ),
            AgendaSection("Responsibility matrix findings", raci_finding_items(forum, today)),
            AgendaSection(
                "Breaches and escalations",
                note="Filled once the escalation engine records breaches.",
            ),
            *(s for source in AGENDA_SOURCES if (s := source(forum, today)) is not None),
        )
    )


def agenda_parties(agenda: Agenda) -> dict[int, Party]:
    """The parties an agenda's items name, for their chips (one query)."""
    ids = {i.party for s in agenda.sections for i in s.items if i.party is not None}
    return {p.pk: p for p in ecosystem.parties_among(ids)}


def agenda_visible_to(user: Actor, meeting: Meeting) -> Agenda:
    """The meeting's stored agenda as this viewer may read it."""
    parties = visible_party_ids(user)
    return Agenda.from_json(meeting.agenda).narrowed(
        None if parties is None else frozenset(parties),
        raci_selectors.visible_object_keys(user),
    )
