"""`/api/v1/goals/credits` and `/api/v1/goals/disputes`: a party's service credits and their
disputes, for that party and the integrator only."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from podium.apps.goals.models import CreditDispute
from podium.apps.goals.rules import DECIDE_DISPUTE, DISPUTE_CREDIT, VIEW_CREDITS
from podium.apps.goals.selectors import credits as selectors
from podium.apps.goals.services import credits as services
from podium.platform.access import party_of, require
from podium.platform.api import BoundedPagination, InputSchema, invalid

router = Router()


class BreachOut(Schema):
    ticket: str
    breached_at: dt.datetime
    target_seconds: float
    elapsed_seconds: float
    credit: str
    segments: list[dict[str, Any]]


class CreditOut(Schema):
    party: str
    month: str
    contract: str
    currency: str
    amount: str
    capped: bool
    breaches: list[BreachOut]


class DisputeOut(Schema):
    id: int
    party: str
    month: dt.date
    ticket: str
    contract: str
    reason: str
    status: str
    evidence: dict[str, Any]
    decision_note: str

    @staticmethod
    def resolve_party(obj: CreditDispute) -> str:
        return obj.party.slug

    @staticmethod
    def resolve_ticket(obj: CreditDispute) -> str:
        return obj.ticket_reference

    @staticmethod
    def resolve_contract(obj: CreditDispute) -> str:
        return obj.contract_reference


class DisputeIn(InputSchema):
    month: str
    ticket: str
    reason: str


class DecisionIn(InputSchema):
    status: str
    note: str = ""


def _month(value: str | None, place: list[str | int]) -> dt.date:
    if value is None:
        return timezone.localdate().replace(day=1)
    try:
        chosen = dt.datetime.strptime(value, "%Y-%m").date()  # noqa: DTZ007 (a date)
    except ValueError:
        raise invalid(place, "a month as YYYY-MM") from None
    if not 1900 <= chosen.year <= 2999:
        raise invalid(place, "a month from 1900 to 2999")
    return chosen


@router.get("/credits", response=list[CreditOut], summary="Service credits owed in a month")
def list_credits(
    request: HttpRequest, month: str | None = None, party: str | None = None
) -> list[dict[str, Any]]:
    require(request.user, VIEW_CREDITS)
    chosen = _month(month, ["query", "month"])
    parties = selectors.credit_parties_visible_to(request.user)
    if party is not None:
        parties = parties.filter(slug=party)
    answer = []
    everyone = list(parties)
    for found in selectors.parties_credits(request.user, everyone, chosen, now=timezone.now()):
        row = found.party
        for credit in found.credits:
            answer.append(
                {
                    "party": row.slug,
                    "month": chosen.strftime("%Y-%m"),
                    "contract": credit.contract,
                    "currency": credit.currency,
                    "amount": str(credit.amount),
                    "capped": credit.capped,
                    "breaches": [
                        {
                            "ticket": b.case_id,
                            "breached_at": b.breached_at,
                            "target_seconds": b.target_seconds,
                            "elapsed_seconds": b.elapsed_seconds,
                            "credit": str(cost),
                            "segments": [
                                {
                                    "start": s.start.isoformat(),
                                    "end": s.end.isoformat() if s.end else None,
                                    "running": s.running,
                                    "business_seconds": s.business_seconds,
                                }
                                for s in b.segments
                            ],
                        }
                        for b, cost in credit.breaches
                    ],
                }
            )
    return answer


@router.get("/disputes", response=list[DisputeOut], summary="Disputes of service credits")
@paginate(BoundedPagination)
def list_disputes(request: HttpRequest) -> QuerySet[CreditDispute]:
    require(request.user, VIEW_CREDITS)
    return selectors.disputes_visible_to(request.user)


@router.post(
    "/disputes", response={201: DisputeOut}, summary="Dispute a credit of your party (managers)"
)
def create_dispute(request: HttpRequest, payload: DisputeIn) -> Status[CreditDispute]:
    require(request.user, DISPUTE_CREDIT)
    month = _month(payload.month, ["body", "payload", "month"])
    party = selectors.credit_parties_visible_to(request.user).get(pk=party_of(request.user))
    row = services.dispute_credit(
        acting_user=request.user,
        party=party,
        month=month,
        ticket_reference=payload.ticket,
        reason=payload.reason,
        now=timezone.now(),
    )
    return Status(201, row)


@router.patch(
    "/disputes/{dispute_id}", response=DisputeOut, summary="Decide a dispute (integrator admins)"
)
def decide(request: HttpRequest, dispute_id: int, payload: DecisionIn) -> CreditDispute:
    require(request.user, VIEW_CREDITS)
    dispute = get_object_or_404(selectors.disputes_visible_to(request.user), pk=dispute_id)
    require(request.user, DECIDE_DISPUTE)
    return services.decide_dispute(
        acting_user=request.user,
        dispute=dispute,
        status=payload.status,
        note=payload.note,
        now=timezone.now(),
    )
