"""`/api/v1/trust/gatherings`: the gatherings the caller's party is invited to (all, for the
integrator and auditors)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import paginate

from podium.apps.trust.filters import GatheringFilterSet
from podium.apps.trust.selectors import gatherings as selectors
from podium.platform.api import BoundedPagination

router = Router()


class GatheringOut(Schema):
    id: int
    title: str
    kind: str
    starts_at: dt.datetime
    duration_minutes: int
    time_zone: str
    location: str
    forum: str | None

    @staticmethod
    def resolve_forum(obj: Any) -> str | None:
        return obj.forum.slug if obj.forum_id else None


@router.get("/gatherings", response=list[GatheringOut], summary="Gatherings")
@paginate(BoundedPagination)
def list_gatherings(
    request: HttpRequest, kind: str | None = None, upcoming: bool | None = None
) -> Any:
    data: dict[str, str] = {}
    if kind is not None:
        data["kind"] = kind
    if upcoming is not None:
        data["upcoming"] = "true" if upcoming else "false"
    return GatheringFilterSet(data, queryset=selectors.gatherings_visible_to(request.user)).qs
