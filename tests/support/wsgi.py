"""Podium's WSGI application called directly (as schemathesis does), inside a test's
transaction.

Django closes a connection at the end of every request whose autocommit differs from the
setting — as it does inside a test's transaction. SQLite's in-memory test database ignores the
close; PostgreSQL's connection would really close, and every later query of the test fail.
Django's test client disconnects `close_old_connections` around each request for that reason;
`DjangoApp` does the same.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections

StartResponse = Callable[..., Any]


class DjangoApp:
    """The WSGI app; `on_status` sees the status code of every answer (for the fuzz counts)."""

    def __init__(self, on_status: Callable[[int], None] | None = None) -> None:
        self._handler = WSGIHandler()
        self._on_status = on_status

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        def starting(status: str, headers: Any, *args: Any) -> Any:
            if self._on_status is not None:
                self._on_status(int(status.split()[0]))
            return start_response(status, headers, *args)

        signals.request_started.disconnect(close_old_connections)
        signals.request_finished.disconnect(close_old_connections)
        try:
            response = self._handler(environ, starting)
            body = b"".join(response)  # read and closed here, while the signal is off
            close = getattr(response, "close", None)
            if close is not None:
                close()
        finally:
            signals.request_started.connect(close_old_connections)
            signals.request_finished.connect(close_old_connections)
        return [body]
