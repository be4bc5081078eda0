"""`/api/v1/trust/retrospectives` and `/api/v1/trust/retro-actions`: retrospectives the caller
may see, and their actions (moving one along is `PATCH …/retro-actions/{id}`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Router, Schema
from ninja.pagination import paginate

from podium.apps.trust.filters import RetroActionFilterSet, RetrospectiveFilterSet
from podium.apps.trust.selectors import retrospectives as selectors
from podium.apps.trust.services import retrospectives as services
from podium.platform.api import BoundedPagination, InputSchema

router = Router()


class RetroActionOut(Schema):
    id: int
    retrospective: int
    title: str
    owner_party: str
    due_on: dt.date
    status: str
    closed_on: dt.date | None

    @staticmethod
    def resolve_retrospective(obj: Any) -> int:
        return int(obj.retrospective_id)

    @staticmethod
    def resolve_owner_party(obj: Any) -> str:
        return str(obj.owner_party.slug)


class RetrospectiveOut(Schema):
    id: int
    title: str
    kind: str
    held_on: dt.date
    period: str
    forum: str | None
    open_actions: int

    @staticmethod
    def resolve_forum(obj: Any) -> str | None:
        return obj.forum.slug if obj.forum_id else None


class RetrospectiveDetailOut(RetrospectiveOut):
    went_well: str
    to_improve: str
    parties: list[str]
    actions: list[RetroActionOut]

    @staticmethod
    def resolve_parties(obj: Any) -> list[str]:
        return sorted(p.slug for p in obj.parties.all())

    @staticmethod
    def resolve_actions(obj: Any) -> list[Any]:
        return list(obj.actions.select_related("owner_party"))


def _filtered(filterset: Any, rows: Any, **filters: Any) -> Any:
    return filterset({k: v for k, v in filters.items() if v is not None}, queryset=rows).qs


@router.get("/retrospectives", response=list[RetrospectiveOut], summary="Retrospectives")
@paginate(BoundedPagination)
def list_retrospectives(
    request: HttpRequest, kind: str | None = None, party: str | None = None
) -> Any:
    rows = selectors.retrospectives_visible_to(request.user)
    return _filtered(RetrospectiveFilterSet, rows, kind=kind, party=party)


@router.get("/retrospectives/{pk}", response=RetrospectiveDetailOut, summary="One retrospective")
def get_retrospective(request: HttpRequest, pk: int) -> Any:
    return get_object_or_404(selectors.retrospectives_visible_to(request.user), pk=pk)


@router.get("/retro-actions", response=list[RetroActionOut], summary="Retrospective actions")
@paginate(BoundedPagination)
def list_retro_actions(
    request: HttpRequest,
    status: str | None = None,
    party: str | None = None,
    overdue: bool | None = None,
) -> Any:
    rows = selectors.retro_actions_visible_to(request.user)
    flag = None if overdue is None else ("true" if overdue else "false")
    return _filtered(RetroActionFilterSet, rows, status=status, party=party, overdue=flag)


class StatusIn(InputSchema):
    status: str


@router.patch(
    "/retro-actions/{pk}",
    response=RetroActionOut,
    summary="Move a retrospective action along (its owner party or the integrator)",
)
def update_retro_action(request: HttpRequest, pk: int, payload: StatusIn) -> Any:
    action = get_object_or_404(selectors.retro_actions_visible_to(request.user), pk=pk)
    return services.set_retro_action_status(
        acting_user=request.user, action=action, status=payload.status, today=timezone.localdate()
    )
