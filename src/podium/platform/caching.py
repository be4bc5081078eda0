"""No cache keeps what a signed-in user was shown.

Pages, htmx partials, CSV exports and API answers carry contract values, contacts and tickets
that only their viewer may see. A shared proxy must not serve them to someone else, and the
browser must not keep them on disk for the next user of the machine (or the back button after
log-out). Every response to a signed-in user (a session, or an API credential ninja accepted; signed in
when the request came or when the answer left, so log-in and log-out count) is therefore
`Cache-Control: private, no-store`. Responses reached with a secret in the URL
(the calendar feeds) set the same header themselves; anonymous pages (the log-in page, the API
description) are left alone.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control


def is_signed_in(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    signed_in = bool(user is not None and user.is_authenticated)
    return signed_in or getattr(request, "auth", None) is not None


class PrivateResponsesMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # before the view for log-out, after it for log-in and API credentials
        signed_in_before = is_signed_in(request)
        response = self.get_response(request)
        if signed_in_before or is_signed_in(request):
            patch_cache_control(response, private=True, no_store=True)
        return response
