"""`/api/v1/ecosystem/calendars`: business calendars, weekly hours as people type them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from podium.apps.ecosystem import selectors, services
from podium.apps.ecosystem.models import BusinessCalendar
from podium.core.calendars.hours import hours_as_text
from podium.platform.api import BoundedPagination, InputSchema

router = Router()


class CalendarOut(Schema):
    slug: str
    name: str
    time_zone: str
    country: str
    subdivision: str
    weekly_hours: str
    closures: list[str]
    always_open: bool

    @staticmethod
    def resolve_weekly_hours(obj: BusinessCalendar) -> str:
        return hours_as_text(obj.weekly_hours)


class CalendarPatch(InputSchema):
    name: str | None = None
    time_zone: str | None = None
    country: str | None = None
    subdivision: str | None = None
    weekly_hours: str | None = Field(
        None, description='e.g. "mon-fri 09:00-17:00; sat 09:00-12:00"'
    )
    closures: list[dt.date] | None = None
    always_open: bool | None = None


class CalendarIn(CalendarPatch):
    slug: str
    name: str
    time_zone: str
    weekly_hours: str


def _calendar_fields(payload: Schema) -> dict[str, Any]:
    data = payload.dict(exclude_unset=True)
    if data.get("closures") is not None:
        data["closures"] = [d.isoformat() for d in data["closures"]]
    return data


@router.get("/calendars", response=list[CalendarOut], summary="Business calendars you may see")
@paginate(BoundedPagination)
def list_calendars(request: HttpRequest) -> QuerySet[BusinessCalendar]:
    return selectors.calendars_visible_to(request.user)


@router.get("/calendars/{slug}", response=CalendarOut, summary="One business calendar")
def get_calendar(request: HttpRequest, slug: str) -> BusinessCalendar:
    return get_object_or_404(selectors.calendars_visible_to(request.user), slug=slug)


@router.post("/calendars", response={201: CalendarOut}, summary="Create a business calendar")
def create_calendar(request: HttpRequest, payload: CalendarIn) -> Status[BusinessCalendar]:
    return Status(
        201, services.save_calendar(acting_user=request.user, **_calendar_fields(payload))
    )


@router.patch("/calendars/{slug}", response=CalendarOut, summary="Change a business calendar")
def update_calendar(request: HttpRequest, slug: str, payload: CalendarPatch) -> BusinessCalendar:
    calendar = get_object_or_404(selectors.calendars_visible_to(request.user), slug=slug)
    return services.save_calendar(
        acting_user=request.user, calendar=calendar, **_calendar_fields(payload)
    )
