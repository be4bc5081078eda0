"""One view renders the full page or, for an htmx request, just the partial it targets; what a
view tells the user (Django's messages) reaches an htmx page as toasts."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render

TOAST_EVENT = "podium:toast"


def render_page_or_partial(
    request: HttpRequest, page_template: str, partial_template: str, context: dict[str, Any]
) -> HttpResponse:
    htmx = getattr(request, "htmx", None)
    is_partial = bool(htmx) and not getattr(htmx, "boosted", False)
    return render(request, partial_template if is_partial else page_template, context)


class HtmxMessagesMiddleware:
    """An htmx request swaps a fragment, so the messages a full page would show above its
    content travel in the ``HX-Trigger`` header instead; ``static/podium/podium.js`` shows
    them as toasts. Redirects keep their messages for the page they lead to.

    Sits after Django's ``MessageMiddleware``, so it reads the messages before they are stored.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if not getattr(request, "htmx", False) or 300 <= response.status_code < 400:
            return response
        toasts = [{"message": str(m), "level": m.level_tag} for m in messages.get_messages(request)]
        if toasts:
            triggers: dict[str, Any] = {}
            if "HX-Trigger" in response:
                try:
                    triggers = json.loads(response["HX-Trigger"])
                except ValueError:
                    triggers = {response["HX-Trigger"]: None}
            triggers[TOAST_EVENT] = {"toasts": toasts}
            response["HX-Trigger"] = json.dumps(triggers)
        return response
