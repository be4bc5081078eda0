"""`/api/v1/governance/…` for ladders, forums, meetings, decisions, actions and the agreement:
the same scoped selectors and the same services as the pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from podium.apps.ecosystem.models import Party, Service
from podium.apps.governance.filters_forums import (
    ActionFilterSet,
    DecisionFilterSet,
    ForumFilterSet,
)
from podium.apps.governance.models import Action, Decision, EscalationLadder, Forum, Meeting
from podium.apps.governance.selectors import agreements as agreement_selectors
from podium.apps.governance.selectors import escalation as ladder_selectors
from podium.apps.governance.selectors import forums as forum_selectors
from podium.apps.governance.services import forums as forum_services
from podium.apps.governance.services.agreements import acknowledge_agreement
from podium.apps.governance.services.escalation import StepInput, publish_ladder_version
from podium.platform.api import BoundedPagination, InputSchema

router = Router(tags=["governance"])


class StepOut(Schema):
    position: int
    level: str
    wait_minutes: int
    wait_kind: str
    party: str
    contact_role: str
    channel: str

    @staticmethod
    def resolve_party(obj: Any) -> str:
        return str(obj.party.slug)


class LadderOut(Schema):
    key: str
    version: int
    name: str
    is_current: bool
    party: str | None
    service: str | None
    change_note: str
    created_at: dt.datetime

    @staticmethod
    def resolve_party(obj: EscalationLadder) -> str | None:
        return obj.party.slug if obj.party else None

    @staticmethod
    def resolve_service(obj: EscalationLadder) -> str | None:
        return obj.service.slug if obj.service else None


class LadderDetailOut(LadderOut):
    steps: list[StepOut]

    @staticmethod
    def resolve_steps(obj: EscalationLadder) -> list[Any]:
        return list(ladder_selectors.ladder_steps(obj))


class StepIn(InputSchema):
    level: str
    wait_minutes: int
    wait_kind: str
    party: str
    contact_role: str
    channel: str


class LadderVersionIn(InputSchema):
    name: str
    party: str | None = None
    service: str | None = None
    change_note: str = ""
    steps: list[StepIn]


def _current_ladder(request: HttpRequest, key: str) -> EscalationLadder:
    versions = list(ladder_selectors.ladder_versions(request.user, key))
    if not versions:
        raise Http404
    return next((v for v in versions if v.is_current), versions[0])


@router.get("/ladders", response=list[LadderOut], summary="Current escalation ladders you may see")
@paginate(BoundedPagination)
def list_ladders(request: HttpRequest) -> QuerySet[EscalationLadder]:
    return ladder_selectors.current_ladders_visible_to(request.user)


@router.get("/ladders/{key}", response=LadderDetailOut, summary="A ladder's current version")
def get_ladder(request: HttpRequest, key: str) -> EscalationLadder:
    return _current_ladder(request, key)


@router.get(
    "/ladders/{key}/versions", response=list[LadderDetailOut], summary="Every version of a ladder"
)
def list_ladder_versions(request: HttpRequest, key: str) -> list[EscalationLadder]:
    _current_ladder(request, key)
    return list(ladder_selectors.ladder_versions(request.user, key))


@router.post(
    "/ladders/{key}/versions",
    response={201: LadderDetailOut, 200: LadderDetailOut},
    summary="Publish a new version of a ladder",
)
def create_ladder_version(
    request: HttpRequest, key: str, payload: LadderVersionIn
) -> Status[EscalationLadder]:
    _current_ladder(request, key)
    if not request.user.has_perm("platform.edit_governance"):
        raise PermissionDenied("Only an integrator admin changes ladders.")
    ladder, created = publish_ladder_version(
        acting_user=request.user,
        key=key,
        name=payload.name,
        party=get_object_or_404(Party, slug=payload.party) if payload.party else None,
        service=get_object_or_404(Service, slug=payload.service) if payload.service else None,
        change_note=payload.change_note,
        steps=[
            StepInput(
                level=s.level,
                wait_minutes=s.wait_minutes,
                wait_kind=s.wait_kind,
                party=get_object_or_404(Party, slug=s.party),
                contact_role=s.contact_role,
                channel=s.channel,
            )
            for s in payload.steps
        ],
    )
    return Status(201 if created else 200, ladder)


class MemberOut(Schema):
    party: str
    role: str


class ForumOut(Schema):
    slug: str
    name: str
    kind: str
    cadence: str
    time_zone: str
    first_meeting_at: dt.datetime | None
    duration_minutes: int


class ForumDetailOut(ForumOut):
    charter: str
    members: list[MemberOut]
    next_meetings: list[dt.datetime]

    @staticmethod
    def resolve_members(obj: Forum) -> list[dict[str, str]]:
        return [{"party": m.party.slug, "role": m.role} for m in forum_selectors.memberships(obj)]

    @staticmethod
    def resolve_next_meetings(obj: Forum) -> list[dt.datetime]:
        return forum_selectors.upcoming(obj, after=timezone.now())


class MeetingOut(Schema):
    id: int
    forum: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    status: str
    agenda: list[Any]
    minutes: str

    @staticmethod
    def resolve_forum(obj: Meeting) -> str:
        return obj.forum.slug


class DecisionOut(Schema):
    reference: str
    forum: str
    title: str
    status: str
    due_on: dt.date | None
    decided_on: dt.date | None

    @staticmethod
    def resolve_forum(obj: Decision) -> str:
        return obj.forum.slug


class ActionOut(Schema):
    id: int
    forum: str | None
    title: str
    owner_party: str
    due_on: dt.date
    status: str

    @staticmethod
    def resolve_forum(obj: Action) -> str | None:
        return obj.forum.slug if obj.forum else None

    @staticmethod
    def resolve_owner_party(obj: Action) -> str:
        return obj.owner_party.slug


class ActionStatusIn(InputSchema):
    status: str


class DecisionStatusIn(InputSchema):
    status: str
    decided_on: dt.date | None = None


def _filtered(filterset: Any, rows: QuerySet[Any], **filters: Any) -> QuerySet[Any]:
    """The page's FilterSet applied to the API's query parameters."""
    data = {k: v for k, v in filters.items() if v is not None}
    result: QuerySet[Any] = filterset(data, queryset=rows).qs
    return result


@router.get("/forums", response=list[ForumOut], summary="Forums you may see")
@paginate(BoundedPagination)
def list_forums(
    request: HttpRequest, kind: str | None = None, party: str | None = None
) -> QuerySet[Forum]:
    return _filtered(
        ForumFilterSet, forum_selectors.forums_visible_to(request.user), kind=kind, party=party
    )


@router.get("/forums/{slug}", response=ForumDetailOut, summary="One forum")
def get_forum(request: HttpRequest, slug: str) -> Forum:
    return get_object_or_404(forum_selectors.forums_visible_to(request.user), slug=slug)


@router.get("/forums/{slug}/meetings", response=list[MeetingOut], summary="A forum's meetings")
def list_forum_meetings(request: HttpRequest, slug: str) -> QuerySet[Meeting]:
    forum = get_object_or_404(forum_selectors.forums_visible_to(request.user), slug=slug)
    return forum_selectors.meetings_visible_to(request.user).filter(forum=forum)


@router.post(
    "/forums/{slug}/meetings",
    response={201: MeetingOut},
    summary="Prepare the next meeting, with its agenda from live data",
)
def prepare_meeting(request: HttpRequest, slug: str) -> Status[Meeting]:
    forum = get_object_or_404(forum_selectors.forums_visible_to(request.user), slug=slug)
    meeting = forum_services.prepare_next_meeting(
        acting_user=request.user, forum=forum, now=timezone.now()
    )
    return Status(201, meeting)


@router.get("/decisions", response=list[DecisionOut], summary="Decision log across forums")
@paginate(BoundedPagination)
def list_decisions(
    request: HttpRequest,
    status: str | None = None,
    forum: str | None = None,
    party: str | None = None,
    overdue: bool | None = None,
) -> QuerySet[Decision]:
    return _filtered(
        DecisionFilterSet,
        forum_selectors.decisions_visible_to(request.user),
        status=status,
        forum=forum,
        party=party,
        overdue=overdue,
    )


@router.patch(
    "/decisions/{reference}",
    response=DecisionOut,
    summary="Move a decision along: proposed → decided / withdrawn / superseded",
)
def update_decision(request: HttpRequest, reference: str, payload: DecisionStatusIn) -> Decision:
    decision = get_object_or_404(
        forum_selectors.decisions_visible_to(request.user), reference=reference
    )
    return forum_services.set_decision_status(
        acting_user=request.user,
        decision=decision,
        status=payload.status,
        today=timezone.localdate(),
        decided_on=payload.decided_on,
    )


@router.get("/actions", response=list[ActionOut], summary="Actions across forums")
@paginate(BoundedPagination)
def list_actions(
    request: HttpRequest,
    status: str | None = None,
    forum: str | None = None,
    party: str | None = None,
    overdue: bool | None = None,
) -> QuerySet[Action]:
    return _filtered(
        ActionFilterSet,
        forum_selectors.actions_visible_to(request.user),
        status=status,
        forum=forum,
        party=party,
        overdue=overdue,
    )


@router.patch("/actions/{action_id}", response=ActionOut, summary="Update an action's status")
def update_action(request: HttpRequest, action_id: int, payload: ActionStatusIn) -> Action:
    action = get_object_or_404(forum_selectors.actions_visible_to(request.user), pk=action_id)
    return forum_services.set_action_status(
        acting_user=request.user, action=action, status=payload.status
    )


class AgreementOut(Schema):
    version: int
    title: str
    text: str
    effective_from: dt.date


class AcknowledgementOut(Schema):
    version: int
    party: str
    acknowledged_at: dt.datetime

    @staticmethod
    def resolve_version(obj: Any) -> int:
        return int(obj.agreement.version)

    @staticmethod
    def resolve_party(obj: Any) -> str:
        return str(obj.party.slug)


@router.get("/agreement", response=AgreementOut, summary="The current collaboration agreement")
def get_agreement(request: HttpRequest) -> Any:
    current = agreement_selectors.current_agreement()
    if current is None:
        raise Http404
    return current


@router.get(
    "/agreement/acknowledgements",
    response=list[AcknowledgementOut],
    summary="Acknowledgements of the parties you may see",
)
def list_acknowledgements(request: HttpRequest) -> Any:
    return agreement_selectors.acknowledgements_visible_to(request.user)


@router.post(
    "/agreement/{version}/acknowledgements",
    response={201: AcknowledgementOut, 200: AcknowledgementOut},
    summary="Acknowledge a version for your party (party managers)",
)
def acknowledge(request: HttpRequest, version: int) -> Status[Any]:
    chosen = get_object_or_404(agreement_selectors.agreement_versions(), version=version)
    ack, created = acknowledge_agreement(
        acting_user=request.user, agreement=chosen, at=timezone.now()
    )
    return Status(201 if created else 200, ack)
