"""The page that shows a new secret (an integration token, a webhook's signing secret) once.

Podium keeps such a secret only as a hash or sealed for signing, so the answer to the form
that made it is the one place it can be read: the page says so, offers to copy it, and is
`Cache-Control: no-store` (also without a session, so no browser or proxy keeps a copy and
the back button cannot show it again). Each context's template extends
``platform/secret_shown_once.html`` and fills in what the secret is for.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control


def secret_shown_once(
    request: HttpRequest,
    template: str,
    *,
    secret: str,
    label: str,
    back_url: str,
    back_label: str,
    context: dict[str, Any] | None = None,
) -> HttpResponse:
    """The answer (201 Created) to the form that made ``secret``, rendered with ``template``."""
    shown = {
        **(context or {}),
        "secret": secret,
        "secret_label": label,
        "back_url": back_url,
        "back_label": back_label,
    }
    response = render(request, template, shown, status=201)
    patch_cache_control(response, private=True, no_store=True)
    return response
