"""`/api/v1/ecosystem/contracts`: contracts with their coverage and targets per priority.

A reference may hold "/" (``NHL/CLD/2024``): it is the rest of the path.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from podium.apps.ecosystem import selectors, services
from podium.apps.ecosystem.models import Contract
from podium.apps.ecosystem.rules import EDIT
from podium.platform.access import require
from podium.platform.api import BoundedPagination, InputSchema, row_by_key, rows_by_key

router = Router()


class TargetOut(Schema):
    priority: str
    response_minutes: int
    resolution_minutes: int
    availability_percent: Decimal | None
    service_credit_percent: Decimal
    calendar: str | None

    @staticmethod
    def resolve_calendar(obj: Any) -> str | None:
        return obj.calendar.slug if obj.calendar_id else None


class ContractOut(Schema):
    reference: str
    party: str
    title: str
    scope: str
    starts_on: dt.date
    ends_on: dt.date
    notice_period_days: int
    notice_deadline: dt.date
    annual_value: Decimal
    currency: str
    services: list[str]
    components: list[str]
    targets: list[TargetOut]

    @staticmethod
    def resolve_party(obj: Contract) -> str:
        return obj.party.slug

    # `selectors.contracts_for_reading`: only the services and components the caller may see

    @staticmethod
    def resolve_services(obj: Any) -> list[str]:
        return sorted(s.slug for s in obj.visible_services)

    @staticmethod
    def resolve_components(obj: Any) -> list[str]:
        return sorted(c.slug for c in obj.visible_components)

    @staticmethod
    def resolve_targets(obj: Any) -> list[Any]:
        return list(obj.all_targets)


class TargetIn(InputSchema):
    priority: str
    response_minutes: int
    resolution_minutes: int
    availability_percent: Decimal | None = None
    service_credit_percent: Decimal = Decimal(0)
    calendar: str | None = None


class ContractPatch(InputSchema):
    party: str | None = None
    title: str | None = None
    scope: str | None = None
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None
    notice_period_days: int | None = None
    annual_value: Decimal | None = None
    currency: str | None = None
    services: list[str] | None = None
    components: list[str] | None = None
    targets: list[TargetIn] | None = Field(
        None, description="Replaces every target: priorities left out have none afterwards."
    )


class ContractIn(ContractPatch):
    reference: str
    party: str
    title: str
    starts_on: dt.date
    ends_on: dt.date


def _contract_fields(payload: Schema, contract: Contract | None) -> dict[str, Any]:
    data = payload.dict(exclude_unset=True)
    if data.get("party") is not None:
        data["party"] = row_by_key(selectors.parties_for_choice(), data["party"], field="party")
    if data.get("services") is not None:
        data["services"] = rows_by_key(
            selectors.services_for_choice(), data["services"], field="services"
        )
    if data.get("components") is not None:
        data["components"] = rows_by_key(
            selectors.components_for_choice(), data["components"], field="components"
        )
    if data.get("targets") is not None:
        data["targets"] = _targets(data["targets"], contract)
    return data


def _targets(given: list[dict[str, Any]], contract: Contract | None) -> dict[str, Any]:
    """The body's targets as the service takes them (priority → values, None for a priority
    the contract has and the body leaves out); a priority given twice is refused."""
    first_at: dict[str, int] = {}
    for index, target in enumerate(given):
        seen = first_at.setdefault(target["priority"], index)
        if seen != index:
            message = f"{target['priority']} is given twice (also as targets.{seen})"
            raise ValidationError({f"targets.{index}.priority": message})
    existing = set(contract.targets.values_list("priority", flat=True)) if contract else set()
    targets: dict[str, Any] = dict.fromkeys(existing - set(first_at))
    for index, target in enumerate(given):
        values = {k: v for k, v in target.items() if k != "priority"}
        slug = values.pop("calendar", None)
        values["calendar"] = (
            row_by_key(selectors.calendars_for_choice(), slug, field=f"targets.{index}.calendar")
            if slug
            else None
        )
        targets[target["priority"]] = values
    return targets


def _save(request: HttpRequest, payload: Schema, contract: Contract | None) -> Contract:
    """Save through the service, its target errors (keyed ``P1-response_minutes``) placed at
    the body's ``targets.<index>.<field>``."""
    fields = _contract_fields(payload, contract)
    try:
        return services.save_contract(acting_user=request.user, contract=contract, **fields)
    except ValidationError as error:
        given = [t.priority for t in getattr(payload, "targets", None) or []]
        raise _placed_in_targets(error, given) from error


def _placed_in_targets(error: ValidationError, priorities: list[str]) -> ValidationError:
    if not hasattr(error, "error_dict"):
        return error
    placed: dict[str, list[str]] = {}
    for key, messages in error.message_dict.items():
        priority, dash, name = key.partition("-")
        if dash and priority in priorities:
            key = f"targets.{priorities.index(priority)}.{name}"
        placed.setdefault(key, []).extend(messages)
    return ValidationError(placed)


@router.get("/contracts", response=list[ContractOut], summary="Contracts you may see")
@paginate(BoundedPagination)
def list_contracts(request: HttpRequest) -> QuerySet[Contract]:
    return selectors.contracts_for_reading(request.user)


@router.get("/contracts/{path:reference}", response=ContractOut, summary="One contract")
def get_contract(request: HttpRequest, reference: str) -> Contract:
    return get_object_or_404(selectors.contracts_for_reading(request.user), reference=reference)


@router.post("/contracts", response={201: ContractOut}, summary="Create a contract")
def create_contract(request: HttpRequest, payload: ContractIn) -> Status[Contract]:
    require(request.user, EDIT)
    contract = _save(request, payload, None)
    return Status(201, selectors.contracts_for_reading(request.user).get(pk=contract.pk))


@router.patch("/contracts/{path:reference}", response=ContractOut, summary="Change a contract")
def update_contract(request: HttpRequest, reference: str, payload: ContractPatch) -> Contract:
    contract = get_object_or_404(selectors.contracts_visible_to(request.user), reference=reference)
    require(request.user, EDIT)
    _save(request, payload, contract)
    return selectors.contracts_for_reading(request.user).get(pk=contract.pk)
