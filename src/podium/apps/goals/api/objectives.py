"""`/api/v1/goals/objectives` and `/api/v1/goals/key-results`: the same scoped selectors,
FilterSet and services as the pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from podium.apps.ecosystem import selectors as ecosystem
from podium.apps.goals.filters import ObjectiveFilterSet
from podium.apps.goals.models import CheckIn, KeyResult, Objective
from podium.apps.goals.rules import CHECK_IN, EDIT
from podium.apps.goals.selectors import objectives as selectors
from podium.apps.goals.services import objectives as services
from podium.platform.access import require
from podium.platform.api import BoundedPagination, InputSchema, row_by_key

router = Router()


class CheckInOut(Schema):
    at: dt.datetime
    value: float | None
    progress: float | None
    confidence: int
    note: str
    computed: bool
    basis: int


class KeyResultOut(Schema):
    id: int
    title: str
    metric: str
    service: str | None
    party: str | None
    unit: str
    baseline: float
    target: float
    direction: str
    current_value: float | None
    current_progress: float | None
    measured_at: dt.datetime | None

    @staticmethod
    def resolve_service(obj: KeyResult) -> str | None:
        return obj.service.slug if obj.service is not None else None

    @staticmethod
    def resolve_party(obj: KeyResult) -> str | None:
        return obj.party.slug if obj.party is not None else None


class ObjectiveOut(Schema):
    id: int
    title: str
    why: str
    period_start: dt.date
    period_end: dt.date
    owner: str

    @staticmethod
    def resolve_owner(obj: Objective) -> str:
        return obj.owner.slug


class ObjectiveDetailOut(ObjectiveOut):
    key_results: list[KeyResultOut]

    @staticmethod
    def resolve_key_results(obj: Objective, context: Any) -> list[KeyResult]:
        return selectors.key_results_of(context["request"].user, obj)


class ObjectiveIn(InputSchema):
    title: str
    why: str = ""
    period_start: dt.date
    period_end: dt.date
    owner: str


class KeyResultIn(InputSchema):
    title: str
    metric: str = "manual"
    service: str | None = None
    party: str | None = None
    unit: str = ""
    baseline: float
    target: float
    direction: str


class CheckInIn(InputSchema):
    confidence: int = Field(..., ge=1, le=10)
    note: str = ""
    value: float | None = None


@router.get("/objectives", response=list[ObjectiveOut], summary="The ecosystem's objectives")
@paginate(BoundedPagination)
def list_objectives(
    request: HttpRequest, q: str | None = None, owner: str | None = None
) -> QuerySet[Objective]:
    data = {k: v for k, v in {"q": q, "owner": owner}.items() if v is not None}
    rows: QuerySet[Objective] = ObjectiveFilterSet(
        data, queryset=selectors.objectives_visible_to(request.user)
    ).qs
    return rows


@router.get(
    "/objectives/{objective_id}",
    response=ObjectiveDetailOut,
    summary="One objective with the key results you may see",
)
def get_objective(request: HttpRequest, objective_id: int) -> Objective:
    return get_object_or_404(selectors.objectives_visible_to(request.user), pk=objective_id)


@router.post("/objectives", response={201: ObjectiveOut}, summary="Set an objective (admins)")
def create_objective(request: HttpRequest, payload: ObjectiveIn) -> Status[Objective]:
    require(request.user, EDIT)
    fields = payload.dict()
    fields["owner"] = row_by_key(ecosystem.parties_for_choice(), payload.owner, field="owner")
    objective = services.save_objective(acting_user=request.user, objective=None, fields=fields)
    return Status(201, objective)


@router.post(
    "/objectives/{objective_id}/key-results",
    response={201: KeyResultOut},
    summary="Add a key result to an objective (admins)",
)
def create_key_result(
    request: HttpRequest, objective_id: int, payload: KeyResultIn
) -> Status[KeyResult]:
    objective = get_object_or_404(selectors.objectives_visible_to(request.user), pk=objective_id)
    require(request.user, EDIT)
    fields = payload.dict()
    fields["service"] = (
        row_by_key(ecosystem.services_for_choice(), payload.service, field="service")
        if payload.service
        else None
    )
    fields["party"] = (
        row_by_key(ecosystem.parties_for_choice(), payload.party, field="party")
        if payload.party
        else None
    )
    key_result = services.save_key_result(
        acting_user=request.user, objective=objective, key_result=None, fields=fields
    )
    return Status(201, key_result)


@router.get(
    "/key-results/{key_result_id}/check-ins",
    response=list[CheckInOut],
    summary="A key result's check-ins, oldest first",
)
def list_check_ins(request: HttpRequest, key_result_id: int) -> QuerySet[CheckIn]:
    key_result = get_object_or_404(selectors.key_results_visible_to(request.user), pk=key_result_id)
    return selectors.check_ins_of(key_result)


@router.post(
    "/key-results/{key_result_id}/check-ins",
    response={201: CheckInOut},
    summary="Check in: a metric-bound value is measured by Podium, a manual one is given",
)
def create_check_in(
    request: HttpRequest, key_result_id: int, payload: CheckInIn
) -> Status[CheckIn]:
    key_result = get_object_or_404(selectors.key_results_visible_to(request.user), pk=key_result_id)
    require(request.user, CHECK_IN, key_result.objective)
    row = services.check_in(
        acting_user=request.user,
        key_result=key_result,
        at=timezone.now(),
        confidence=payload.confidence,
        note=payload.note,
        value=payload.value,
    )
    return Status(201, row)
