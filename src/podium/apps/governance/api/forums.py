"""`/api/v1/governance/…` for forums, meetings, decisions and actions: the same scoped
selectors, FilterSets and services as the pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from podium.apps.governance.filters import ActionFilterSet, DecisionFilterSet, ForumFilterSet
from podium.apps.governance.models import Action, Decision, Forum, Meeting
from podium.apps.governance.selectors import forums as selectors
from podium.apps.governance.services import forums as services
from podium.platform.api import BoundedPagination, InputSchema

router = Router()


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
        return [{"party": m.party.slug, "role": m.role} for m in selectors.memberships(obj)]

    @staticmethod
    def resolve_next_meetings(obj: Forum) -> list[dt.datetime]:
        return selectors.upcoming(obj, after=timezone.now())


class AgendaItemOut(Schema):
    kind: str
    text: str
    ref: str
    overdue: bool
    due_on: dt.date | None


class AgendaSectionOut(Schema):
    title: str
    note: str
    items: list[AgendaItemOut]


class MeetingOut(Schema):
    id: int
    forum: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    status: str
    agenda: list[AgendaSectionOut]
    minutes: str

    @staticmethod
    def resolve_forum(obj: Meeting) -> str:
        return obj.forum.slug

    @staticmethod
    def resolve_agenda(obj: Meeting, context: Any) -> list[Any]:
        """Only the items the caller may see (a member party's contracts are its own)."""
        return list(selectors.agenda_visible_to(context["request"].user, obj).sections)


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
        ForumFilterSet, selectors.forums_visible_to(request.user), kind=kind, party=party
    )


@router.get("/forums/{slug}", response=ForumDetailOut, summary="One forum")
def get_forum(request: HttpRequest, slug: str) -> Forum:
    return get_object_or_404(selectors.forums_visible_to(request.user), slug=slug)


@router.get("/forums/{slug}/meetings", response=list[MeetingOut], summary="A forum's meetings")
def list_forum_meetings(request: HttpRequest, slug: str) -> QuerySet[Meeting]:
    forum = get_object_or_404(selectors.forums_visible_to(request.user), slug=slug)
    return selectors.meetings_visible_to(request.user).filter(forum=forum)


@router.post(
    "/forums/{slug}/meetings",
    response={201: MeetingOut, 200: MeetingOut},
    summary="Prepare the next meeting, with its agenda from live data",
    description="201 when the meeting is new; 200 when it existed and its agenda was refreshed"
    " (a meeting that was held keeps its agenda).",
)
def prepare_meeting(request: HttpRequest, slug: str) -> Status[Meeting]:
    forum = get_object_or_404(selectors.forums_visible_to(request.user), slug=slug)
    meeting, created = services.prepare_meeting(
        acting_user=request.user, forum=forum, now=timezone.now()
    )
    return Status(201 if created else 200, meeting)


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
        selectors.decisions_visible_to(request.user),
        status=status,
        forum=forum,
        party=party,
        overdue=overdue,
    )


@router.patch(
    "/decisions/{path:reference}",
    response=DecisionOut,
    summary="Move a decision along: proposed → decided / withdrawn / superseded",
)
def update_decision(request: HttpRequest, reference: str, payload: DecisionStatusIn) -> Decision:
    decision = get_object_or_404(selectors.decisions_visible_to(request.user), reference=reference)
    return services.set_decision_status(
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
        selectors.actions_visible_to(request.user),
        status=status,
        forum=forum,
        party=party,
        overdue=overdue,
    )


@router.patch("/actions/{action_id}", response=ActionOut, summary="Update an action's status")
def update_action(request: HttpRequest, action_id: int, payload: ActionStatusIn) -> Action:
    action = get_object_or_404(selectors.actions_visible_to(request.user), pk=action_id)
    return services.set_action_status(
        acting_user=request.user, action=action, status=payload.status
    )
