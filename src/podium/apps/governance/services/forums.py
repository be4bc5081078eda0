"""Writes of forums, their members, meetings, decisions and actions.

Integrator admins run every forum; a manager of the party that chairs a forum runs its meetings;
a party's users update the status of the actions their party owns. Each function checks that,
writes in one transaction and audits.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from podium.apps.governance.choices import ActionStatus, DecisionStatus, MeetingStatus
from podium.apps.governance.models import Action, Decision, Forum, ForumMembership, Meeting
from podium.apps.governance.rules import EDIT, RUN_FORUM, SET_ACTION_STATUS
from podium.apps.governance.selectors.forums import agenda_for, upcoming
from podium.core import forums as lifecycle
from podium.core.cadence import CadenceError, first_meeting_problem, validate_rule
from podium.platform import audit
from podium.platform.access import Actor, require

if TYPE_CHECKING:
    from podium.apps.ecosystem.models import Party

FORUM_FIELDS = (
    "name",
    "kind",
    "charter",
    "cadence",
    "first_meeting_at",
    "duration_minutes",
    "time_zone",
)


def _validate_cadence(forum: Forum) -> None:
    if forum.first_meeting_at is not None:
        problem = first_meeting_problem(forum.first_meeting_at, timezone.now())
        if problem:
            raise ValidationError({"first_meeting_at": problem})
    if forum.cadence:
        try:
            validate_rule(forum.cadence)
        except CadenceError as exc:
            raise ValidationError({"cadence": str(exc)}) from exc
        if forum.first_meeting_at is None:
            raise ValidationError({"first_meeting_at": "A cadence needs a first meeting."})


def ensure_forum(*, acting_user: Actor | None, slug: str, **fields: Any) -> Forum:
    """Create the forum `slug` or update the fields that differ; audits only real changes."""
    require(acting_user, EDIT)
    unknown = set(fields) - set(FORUM_FIELDS)
    if unknown:
        raise TypeError(f"unknown forum fields {sorted(unknown)}")
    with transaction.atomic():
        forum = Forum.objects.filter(slug=slug).first()
        created = forum is None
        if forum is None:
            forum = Forum(slug=slug)
        before = audit.snapshot(forum) if not created else None
        for name, value in fields.items():
            setattr(forum, name, value)
        after = audit.snapshot(forum)
        if created or before != after:
            forum.full_clean()
            _validate_cadence(forum)
            forum.save()
            audit.record(
                acting_user=acting_user,
                action=f"governance.forum.{'created' if created else 'updated'}",
                target=forum,
                before=before,
                after=audit.snapshot(forum),
            )
    return forum


def set_membership(
    *,
    acting_user: Actor | None,
    forum: Forum,
    party: Party,
    role: str,
    people: list[Any] | None = None,
) -> ForumMembership:
    """Seat `party` in `forum` with `role` (or change its role); idempotent."""
    require(acting_user, EDIT)
    with transaction.atomic():
        membership, created = ForumMembership.objects.get_or_create(
            forum=forum, party=party, defaults={"role": role}
        )
        before = None if created else {"role": membership.role}
        if not created and membership.role != role:
            membership.role = role
            membership.full_clean()
            membership.save(update_fields=["role"])
        if people is not None:
            membership.people.set(people)
        if created or before != {"role": role}:
            audit.record(
                acting_user=acting_user,
                action="governance.forum.member_set",
                target=forum,
                party_id=party.pk,
                before=before,
                after={"party": party.slug, "role": role},
            )
    return membership


def remove_membership(*, acting_user: Actor | None, forum: Forum, party: Party) -> None:
    require(acting_user, EDIT)
    with transaction.atomic():
        deleted, _ = ForumMembership.objects.filter(forum=forum, party=party).delete()
        if deleted:
            audit.record(
                acting_user=acting_user,
                action="governance.forum.member_removed",
                target=forum,
                party_id=party.pk,
                before={"party": party.slug},
            )


def delete_forum(*, acting_user: Actor | None, forum: Forum) -> None:
    """Delete a forum with its memberships and meetings; refused while decisions or actions
    belong to it, because the decision log and the action list are records to keep."""
    require(acting_user, EDIT)
    with transaction.atomic():
        decisions = list(forum.decisions.order_by("reference").values_list("reference", flat=True))
        actions = list(forum.actions.order_by("title").values_list("title", flat=True))
        if decisions or actions:
            used = [f"decision {d}" for d in decisions] + [f"action {a!r}" for a in actions]
            shown = ", ".join(used[:8]) + (f" and {len(used) - 8} more" if len(used) > 8 else "")
            raise ValidationError(
                f"Forum {forum.slug} cannot be deleted: it still has {len(decisions)} "
                f"decision(s) and {len(actions)} action(s) ({shown})."
            )
        members = forum.memberships.select_related("party").order_by("party__slug")
        before = {
            **audit.snapshot(forum),
            "members": [{"party": m.party.slug, "role": m.role} for m in members],
            "meetings": forum.meetings.count(),
        }
        audit.record(
            acting_user=acting_user,
            action="governance.forum.deleted",
            target=forum,
            before=before,
        )
        forum.memberships.all().delete()
        forum.meetings.all().delete()
        forum.delete()


def prepare_next_meeting(*, acting_user: Actor | None, forum: Forum, now: dt.datetime) -> Meeting:
    """The meeting at the forum's next occurrence, prepared (see `prepare_meeting`)."""
    meeting, _ = prepare_meeting(acting_user=acting_user, forum=forum, now=now)
    return meeting


def prepare_meeting(
    *, acting_user: Actor | None, forum: Forum, now: dt.datetime
) -> tuple[Meeting, bool]:
    """Create the meeting at the forum's next occurrence with an agenda from live data; the
    meeting and whether it was created.

    If that meeting exists already, its agenda is refreshed instead (a chair prepares the day
    before and again in the morning); a meeting that was held keeps its agenda as it was.
    Only a new meeting or an agenda that changed is audited.
    """
    require(acting_user, RUN_FORUM, forum)
    next_at = upcoming(forum, after=now, count=1)
    if not next_at:
        raise ValidationError("This forum has no cadence, so there is no next meeting.")
    starts_at = next_at[0]
    agenda = agenda_for(forum, today=now.date()).to_json()
    with transaction.atomic():
        meeting, created = Meeting.objects.get_or_create(
            forum=forum,
            starts_at=starts_at,
            defaults={
                "ends_at": starts_at + dt.timedelta(minutes=forum.duration_minutes),
                "agenda": agenda,
            },
        )
        if created:
            audit.record(
                acting_user=acting_user,
                action="governance.meeting.prepared",
                target=meeting,
                after={"starts_at": starts_at.isoformat(), "agenda": agenda},
            )
        elif meeting.status == MeetingStatus.PLANNED and meeting.agenda != agenda:
            before = meeting.agenda
            meeting.agenda = agenda
            meeting.save(update_fields=["agenda"])
            audit.record(
                acting_user=acting_user,
                action="governance.meeting.agenda_refreshed",
                target=meeting,
                before={"agenda": before},
                after={"agenda": agenda},
            )
    return meeting, created


def schedule_meeting(
    *,
    acting_user: Actor | None,
    forum: Forum,
    starts_at: dt.datetime,
    agenda: list[Any] | None = None,
    minutes: str = "",
    status: str = MeetingStatus.PLANNED,
) -> Meeting:
    """A meeting at a given time (an extra sitting, or history loaded by the demo); idempotent."""
    require(acting_user, RUN_FORUM, forum)
    with transaction.atomic():
        meeting = Meeting.objects.filter(forum=forum, starts_at=starts_at).first()
        created = meeting is None
        if meeting is None:
            meeting = Meeting(
                forum=forum,
                starts_at=starts_at,
                ends_at=starts_at + dt.timedelta(minutes=forum.duration_minutes),
                agenda=agenda or [],
                minutes=minutes,
                status=status,
            )
            meeting.full_clean()
            meeting.save()
        if created:
            audit.record(
                acting_user=acting_user,
                action="governance.meeting.scheduled",
                target=meeting,
                after=audit.snapshot(meeting),
            )
    return meeting


def record_minutes(*, acting_user: Actor | None, meeting: Meeting, minutes: str) -> Meeting:
    require(acting_user, RUN_FORUM, meeting.forum)
    with transaction.atomic():
        before = meeting.minutes
        if before != minutes:
            meeting.minutes = minutes
            meeting.full_clean()
            meeting.save(update_fields=["minutes"])
            audit.record(
                acting_user=acting_user,
                action="governance.meeting.minutes_recorded",
                target=meeting,
                before={"minutes": before},
                after={"minutes": minutes},
            )
    return meeting


def mark_held(*, acting_user: Actor | None, meeting: Meeting) -> Meeting:
    require(acting_user, RUN_FORUM, meeting.forum)
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError("A cancelled meeting cannot be marked held.")
    with transaction.atomic():
        if meeting.status != MeetingStatus.HELD:
            meeting.status = MeetingStatus.HELD
            meeting.save(update_fields=["status"])
            audit.record(
                acting_user=acting_user,
                action="governance.meeting.held",
                target=meeting,
                before={"status": MeetingStatus.PLANNED},
                after={"status": MeetingStatus.HELD},
            )
    return meeting


def _next_reference(forum: Forum) -> str:
    prefix = f"D-{forum.slug.upper()[:12]}-"
    taken = Decision.objects.filter(reference__startswith=prefix).count()
    number = taken + 1
    while Decision.objects.filter(reference=f"{prefix}{number:03d}").exists():
        number += 1
    return f"{prefix}{number:03d}"


def record_decision(
    *,
    acting_user: Actor | None,
    forum: Forum,
    title: str,
    meeting: Meeting | None = None,
    description: str = "",
    status: str = DecisionStatus.DECIDED,
    due_on: dt.date | None = None,
    decided_on: dt.date | None = None,
    reference: str | None = None,
) -> Decision:
    """Add an entry to the decision log (or, given an existing `reference`, return it as is)."""
    require(acting_user, RUN_FORUM, forum)
    with transaction.atomic():
        if reference is not None:
            existing = Decision.objects.filter(reference=reference).first()
            if existing is not None:
                return existing
        if status == DecisionStatus.DECIDED and decided_on is None:
            decided_on = meeting.starts_at.date() if meeting else None
        decision = Decision(
            forum=forum,
            meeting=meeting,
            reference=reference or _next_reference(forum),
            title=title,
            description=description,
            status=status,
            due_on=due_on,
            decided_on=decided_on,
        )
        decision.full_clean()
        decision.save()
        audit.record(
            acting_user=acting_user,
            action="governance.decision.recorded",
            target=decision,
            after=audit.snapshot(decision),
        )
    return decision


def add_action(
    *,
    acting_user: Actor | None,
    forum: Forum,
    title: str,
    owner_party: Party,
    due_on: dt.date,
    meeting: Meeting | None = None,
    owner: Any = None,
    status: str = ActionStatus.OPEN,
) -> Action:
    """Record an action; the same title for the same forum and party is the same action."""
    require(acting_user, RUN_FORUM, forum)
    with transaction.atomic():
        existing = Action.objects.filter(forum=forum, title=title, owner_party=owner_party).first()
        if existing is not None:
            return existing
        action = Action(
            forum=forum,
            meeting=meeting,
            title=title,
            owner_party=owner_party,
            owner=owner,
            due_on=due_on,
            status=status,
        )
        action.full_clean()
        action.save()
        audit.record(
            acting_user=acting_user,
            action="governance.action.created",
            target=action,
            party_id=owner_party.pk,
            after=audit.snapshot(action),
        )
    return action


def set_action_status(*, acting_user: Actor | None, action: Action, status: str) -> Action:
    """The integrator, or a user of the party that owns the action, moves it along
    (`podium.core.forums.ACTION_TRANSITIONS`)."""
    require(acting_user, SET_ACTION_STATUS, action)
    with transaction.atomic():
        action = Action.objects.select_for_update().get(pk=action.pk)
        before = action.status
        try:
            lifecycle.check_transition(lifecycle.ACTION_TRANSITIONS, "action", before, status)
        except lifecycle.TransitionError as error:
            raise ValidationError({"status": str(error)}) from error
        if before != status:
            action.status = status
            action.save(update_fields=["status"])
            audit.record(
                acting_user=acting_user,
                action="governance.action.status_changed",
                target=action,
                party_id=action.owner_party_id,
                before={"status": before},
                after={"status": status},
            )
    return action


def set_decision_status(
    *,
    acting_user: Actor | None,
    decision: Decision,
    status: str,
    today: dt.date,
    decided_on: dt.date | None = None,
) -> Decision:
    """Move a logged decision along (`podium.core.forums.DECISION_TRANSITIONS`): deciding it
    sets the day it was decided (`decided_on`, else `today`). Integrator admins or the forum's
    chair; audited."""
    require(acting_user, RUN_FORUM, decision.forum)
    with transaction.atomic():
        decision = Decision.objects.select_for_update().get(pk=decision.pk)
        before = {"status": decision.status, "decided_on": decision.decided_on}
        try:
            lifecycle.check_transition(
                lifecycle.DECISION_TRANSITIONS, "decision", decision.status, status
            )
        except lifecycle.TransitionError as error:
            raise ValidationError({"status": str(error)}) from error
        if status == decision.status:
            return decision
        decision.status = status
        if status == DecisionStatus.DECIDED:
            decision.decided_on = decided_on or today
        decision.save(update_fields=["status", "decided_on"])
        audit.record(
            acting_user=acting_user,
            action="governance.decision.status_changed",
            target=decision,
            before={k: _iso(v) for k, v in before.items()},
            after={
                "status": decision.status,
                "decided_on": _iso(decision.decided_on),
            },
        )
    return decision


def _iso(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value
