"""One view renders the full page or, for an htmx request, just the partial it targets."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def render_page_or_partial(
    request: HttpRequest, page_template: str, partial_template: str, context: dict[str, Any]
) -> HttpResponse:
    htmx = getattr(request, "htmx", None)
    is_partial = bool(htmx) and not getattr(htmx, "boosted", False)
    return render(request, partial_template if is_partial else page_template, context)
