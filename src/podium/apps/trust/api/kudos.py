"""`/api/v1/trust/kudos`: kudos the caller may see, and giving kudos."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from podium.apps.ecosystem import selectors as ecosystem
from podium.apps.trust.filters import KudosFilterSet
from podium.apps.trust.rules import GIVE_KUDOS
from podium.apps.trust.selectors import kudos as selectors
from podium.apps.trust.selectors import retrospectives as retro_selectors
from podium.apps.trust.services import kudos as services
from podium.platform.access import require
from podium.platform.api import BoundedPagination, InputSchema, invalid, row_by_key

router = Router()


class KudosOut(Schema):
    id: int
    from_party: str
    to_party: str
    message: str
    ticket: str | None
    retrospective: int | None
    objective: int | None
    objective_title: str | None
    given_at: dt.datetime

    @staticmethod
    def resolve_from_party(obj: Any) -> str:
        return str(obj.from_party.slug)

    @staticmethod
    def resolve_to_party(obj: Any) -> str:
        return str(obj.to_party.slug)

    @staticmethod
    def resolve_ticket(obj: Any) -> str | None:
        return obj.ticket.reference if obj.ticket_id else None

    @staticmethod
    def resolve_retrospective(obj: Any) -> int | None:
        return None if obj.retrospective_id is None else int(obj.retrospective_id)

    @staticmethod
    def resolve_objective(obj: Any) -> int | None:
        return None if obj.objective_id is None else int(obj.objective_id)

    @staticmethod
    def resolve_objective_title(obj: Any) -> str | None:
        return None if obj.objective_id is None else str(obj.objective.title)


@router.get("/kudos", response=list[KudosOut], summary="Kudos you may see")
@paginate(BoundedPagination)
def list_kudos(
    request: HttpRequest, to_party: str | None = None, from_party: str | None = None
) -> Any:
    data = {k: v for k, v in {"to_party": to_party, "from_party": from_party}.items() if v}
    return KudosFilterSet(data, queryset=selectors.kudos_visible_to(request.user)).qs


class KudosIn(InputSchema):
    to_party: str
    message: str
    ticket: str | None = None
    retrospective: int | None = None
    objective: int | None = None  # a shared goal: the objective's id


@router.post("/kudos", response={201: KudosOut}, summary="Give kudos to another party")
def give_kudos(request: HttpRequest, payload: KudosIn) -> Status[Any]:
    require(request.user, GIVE_KUDOS)
    to_party = row_by_key(ecosystem.parties_for_choice(), payload.to_party, field="to_party")
    ticket = (
        row_by_key(
            retro_selectors.tickets_for_choice(request.user),
            payload.ticket,
            field="ticket",
            key="reference",
        )
        if payload.ticket
        else None
    )
    retrospective = None
    if payload.retrospective is not None:
        retrospective = (
            retro_selectors.retrospectives_visible_to(request.user)
            .filter(pk=payload.retrospective)
            .first()
        )
        if retrospective is None:
            raise invalid(
                ["body", "payload", "retrospective"],
                f"unknown retrospective: {payload.retrospective}",
            )
    objective = None
    if payload.objective is not None:
        objective = (
            selectors.objectives_for_choice(request.user).filter(pk=payload.objective).first()
        )
        if objective is None:
            raise invalid(
                ["body", "payload", "objective"], f"unknown shared goal: {payload.objective}"
            )
    kudos = services.give_kudos(
        acting_user=request.user,
        to_party=to_party,
        message=payload.message,
        ticket=ticket,
        retrospective=retrospective,
        objective=objective,
        at=timezone.now(),
    )
    return Status(201, kudos)
