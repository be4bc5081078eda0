"""A request that writes is one transaction: if it ends in a server error, nothing it wrote
stays. Services are atomic on their own; this also covers what a view does after a service
succeeded (rendering the answer, a second service call), so a 500 never leaves half a change."""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction
from django.http import HttpRequest, HttpResponse

WRITING_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


class AtomicWritesMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method not in WRITING_METHODS:
            return self.get_response(request)
        with transaction.atomic():
            response = self.get_response(request)
            if response.status_code >= 500:
                transaction.set_rollback(True)
        return response
