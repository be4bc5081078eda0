"""`GET /api/v1/operations/escalations`: what the sweep fired on tickets the caller may see,
filtered by the list page's FilterSet."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import paginate

from podium.apps.operations import selectors
from podium.apps.operations.filters import EscalationFilterSet
from podium.apps.operations.models import Escalation
from podium.platform.api import BoundedPagination

router = Router(tags=["operations"])


class EscalationOut(Schema):
    ticket: str
    kind: str
    step: str
    ladder: str | None
    ladder_version: int
    who_party: str | None
    who_role: str
    channel: str
    due_at: dt.datetime
    fired_at: dt.datetime

    @staticmethod
    def resolve_ticket(obj: Escalation) -> str:
        return obj.ticket.reference

    @staticmethod
    def resolve_ladder(obj: Escalation) -> str | None:
        return obj.ladder.key if obj.ladder is not None else None

    @staticmethod
    def resolve_who_party(obj: Escalation) -> str | None:
        return obj.party.slug if obj.party is not None else None

    @staticmethod
    def resolve_who_role(obj: Escalation) -> str:
        return obj.contact_role


@router.get(
    "/escalations", response=list[EscalationOut], summary="Escalations on tickets you may see"
)
@paginate(BoundedPagination)
def list_escalations(
    request: HttpRequest,
    q: str | None = None,
    kind: str | None = None,
    party: str | None = None,
    channel: str | None = None,
    fired_at: str | None = None,
    reached: str | None = None,
) -> QuerySet[Escalation]:
    filters = {
        "q": q,
        "kind": kind,
        "party": party,
        "channel": channel,
        "fired_at": fired_at,
        "reached": reached,
    }
    data = {k: v for k, v in filters.items() if v is not None}
    rows = selectors.escalations_visible_to(request.user)
    result: QuerySet[Escalation] = EscalationFilterSet(data, queryset=rows).qs
    return result
