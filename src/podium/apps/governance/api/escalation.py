"""`/api/v1/governance/ladders`: escalation ladders and their versions."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from podium.apps.governance.models import EscalationLadder
from podium.apps.governance.selectors import escalation as selectors
from podium.apps.governance.services.escalation import StepInput, publish_ladder_version
from podium.platform.api import BoundedPagination, InputSchema

router = Router()


class StepOut(Schema):
    """One step of a ladder; the party by slug, as everywhere in the API."""

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
        return list(selectors.ladder_steps(obj))


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


@router.get("/ladders", response=list[LadderOut], summary="Current escalation ladders you may see")
@paginate(BoundedPagination)
def list_ladders(request: HttpRequest) -> QuerySet[EscalationLadder]:
    return selectors.current_ladders_visible_to(request.user)


@router.get("/ladders/{key}", response=LadderDetailOut, summary="A ladder's current version")
def get_ladder(request: HttpRequest, key: str) -> EscalationLadder:
    return selectors.ladder_for_page(request.user, key)[0]


@router.get(
    "/ladders/{key}/versions", response=list[LadderDetailOut], summary="Every version of a ladder"
)
def list_ladder_versions(request: HttpRequest, key: str) -> list[EscalationLadder]:
    return selectors.ladder_for_page(request.user, key)[1]


@router.post(
    "/ladders/{key}/versions",
    response={201: LadderDetailOut, 200: LadderDetailOut},
    summary="Publish a new version of a ladder",
)
def create_ladder_version(
    request: HttpRequest, key: str, payload: LadderVersionIn
) -> Status[EscalationLadder]:
    selectors.ladder_for_page(request.user, key)
    ladder, created = publish_ladder_version(
        acting_user=request.user,
        key=key,
        name=payload.name,
        party=payload.party,
        service=payload.service,
        change_note=payload.change_note,
        steps=[StepInput.from_mapping(s.dict()) for s in payload.steps],
    )
    return Status(201 if created else 200, ladder)
