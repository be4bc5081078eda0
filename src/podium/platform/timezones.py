"""Render times in the viewer's time zone; everything stored stays UTC."""

from __future__ import annotations

import zoneinfo
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from podium.core.calendars.zones import is_time_zone_key


class UserTimeZoneMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        name = getattr(getattr(request, "user", None), "time_zone", "") or "UTC"
        timezone.activate(zoneinfo.ZoneInfo(name if is_time_zone_key(name) else "UTC"))
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
