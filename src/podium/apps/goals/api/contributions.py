"""`/api/v1/goals/contributions` and a party's part: the same scoped selectors as the pages."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Router, Schema
from ninja.pagination import paginate

from podium.apps.ecosystem import selectors as ecosystem
from podium.apps.goals.models import Contribution
from podium.apps.goals.selectors import contributions as selectors
from podium.platform.api import BoundedPagination
from podium.platform.forms import LARGEST_KEY

router = Router()


class ContributionOut(Schema):
    objective: int
    key_result: int
    key_result_title: str
    party: str
    seconds: float
    share: float
    measured_at: dt.datetime

    @staticmethod
    def resolve_objective(obj: Contribution) -> int:
        return obj.key_result.objective_id

    @staticmethod
    def resolve_key_result_title(obj: Contribution) -> str:
        return obj.key_result.title

    @staticmethod
    def resolve_party(obj: Contribution) -> str:
        return obj.party.slug

    @staticmethod
    def resolve_key_result(obj: Contribution) -> int:
        return obj.key_result_id


@router.get(
    "/contributions",
    response=list[ContributionOut],
    summary="Contributions to key results (a party's users: their own)",
)
@paginate(BoundedPagination)
def list_contributions(
    request: HttpRequest, key_result: int | None = None
) -> QuerySet[Contribution]:
    rows = selectors.contributions_visible_to(request.user)
    if key_result is None:
        return rows
    if not 0 < key_result <= LARGEST_KEY:  # no row has such a key (nor can the database say so)
        return rows.none()
    return rows.filter(key_result_id=key_result)


@router.get(
    "/parties/{slug}/contributions",
    response=list[ContributionOut],
    summary="A party's part in the running shared goals",
)
def party_part(request: HttpRequest, slug: str) -> list[Contribution]:
    party = get_object_or_404(ecosystem.parties_visible_to(request.user), slug=slug)
    return selectors.party_part(request.user, party.pk, timezone.localdate())
