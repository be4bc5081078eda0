"""`/api/v1/cockpit/saved-views`: the saved views the caller may see; saving, renaming,
resharing and deleting the caller's own."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from podium.apps.cockpit.choices import SavedViewPage, SavedViewSharing
from podium.apps.cockpit.filters import SavedViewFilterSet
from podium.apps.cockpit.models import SavedView
from podium.apps.cockpit.selectors import saved_views as selectors
from podium.apps.cockpit.services import saved_views as services
from podium.platform.api import BoundedPagination, InputSchema

router = Router()


class SavedViewOut(Schema):
    id: int
    name: str
    page: str
    period: str
    service: str
    party: str
    sharing: str
    owner: str
    saved_at: dt.datetime
    url: str

    @staticmethod
    def resolve_owner(obj: Any) -> str:
        return str(obj.owner.username)

    @staticmethod
    def resolve_url(obj: Any) -> str:
        return selectors.url_of(obj)


class SavedViewPatch(InputSchema):
    name: str | None = None
    sharing: SavedViewSharing | None = None


class SavedViewIn(InputSchema):
    name: str
    page: SavedViewPage
    period: str = ""
    service: str = ""
    party: str = ""
    sharing: SavedViewSharing = SavedViewSharing.PRIVATE


@router.get("/saved-views", response=list[SavedViewOut], summary="Saved views you may open")
@paginate(BoundedPagination)
def list_saved_views(
    request: HttpRequest, page: str | None = None, sharing: str | None = None
) -> QuerySet[SavedView]:
    data = {k: v for k, v in {"page": page, "sharing": sharing}.items() if v}
    rows: QuerySet[SavedView] = SavedViewFilterSet(
        data, queryset=selectors.saved_views_visible_to(request.user)
    ).qs
    return rows


@router.get("/saved-views/{view_id}", response=SavedViewOut, summary="One saved view")
def get_saved_view(request: HttpRequest, view_id: int) -> SavedView:
    return get_object_or_404(selectors.saved_views_visible_to(request.user), pk=view_id)


@router.post("/saved-views", response={201: SavedViewOut}, summary="Save a page's filters")
def create_saved_view(request: HttpRequest, payload: SavedViewIn) -> Status[SavedView]:
    data = payload.dict()
    return Status(
        201,
        services.save_view(
            acting_user=request.user,
            at=timezone.now(),
            **{k: str(v) if v is not None else "" for k, v in data.items()},
        ),
    )


@router.patch("/saved-views/{view_id}", response=SavedViewOut, summary="Rename or reshare")
def update_saved_view(request: HttpRequest, view_id: int, payload: SavedViewPatch) -> SavedView:
    view = get_object_or_404(selectors.saved_views_visible_to(request.user), pk=view_id)
    data = payload.dict(exclude_unset=True)
    return services.change_view(
        acting_user=request.user,
        view=view,
        name=data.get("name"),
        sharing=None if data.get("sharing") is None else str(data["sharing"]),
    )


@router.delete("/saved-views/{view_id}", response={204: None}, summary="Delete a saved view")
def delete_saved_view(request: HttpRequest, view_id: int) -> Status[None]:
    view = get_object_or_404(selectors.saved_views_visible_to(request.user), pk=view_id)
    services.delete_view(acting_user=request.user, view=view)
    return Status(204, None)
