"""Every answer under an API's address is JSON in that API's error shape, even the few that
Django or django-ninja make before any operation runs (a method the address does not take)."""

from __future__ import annotations

import json
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase

from podium.core.tmf621 import error_body


def _native(status: int, message: str) -> dict[str, object]:
    return {"detail": message}


def _tmf(status: int, message: str) -> dict[str, object]:
    return dict(error_body(status, "Method not allowed", message))


SHAPES: tuple[tuple[str, Callable[[int, str], dict[str, object]]], ...] = (
    ("/api/", _native),
    ("/tmf-api/", _tmf),
)


class ApiAnswersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if response.status_code != 405 or "json" in response.get("Content-Type", ""):
            return response
        for prefix, shape in SHAPES:
            if request.path.startswith(prefix):
                allowed = response.get("Allow", "")
                message = f"{request.method} is not one of the methods here ({allowed})."
                answer = HttpResponse(
                    json.dumps(shape(405, message)), status=405, content_type="application/json"
                )
                answer["Allow"] = allowed
                return answer
        return response
