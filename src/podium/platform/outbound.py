"""One HTTP request to another party's system, as deliveries need it: no redirect is followed
(a 3xx is an answer like any other, so a callback cannot bounce Podium's signed message or
bearer token somewhere else), a timeout on connecting and on every read, no proxy from the
environment, certificates checked, and at most `MAX_ANSWER` bytes of the answer read.
"""

from __future__ import annotations

import http.client
import ssl
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import urlsplit

MAX_ANSWER = 64 * 1024
USER_AGENT = "Podium-Exchange/1"


@dataclass(frozen=True, slots=True)
class Answer:
    """What came back: the status (None when nothing did), headers in lower case, the start
    of the body, and the error when the request failed on the way."""

    status: int | None
    headers: Mapping[str, str] = field(default_factory=dict)
    body: bytes = b""
    error: str = ""
    duration_ms: int = 0

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 300


def send(
    method: str,
    url: str,
    *,
    headers: Mapping[str, str],
    body: bytes | None,
    timeout: float,
) -> Answer:
    """Send one request and read the answer; never raises for what the network does."""
    started = time.monotonic()

    def took() -> int:
        return int((time.monotonic() - started) * 1000)

    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in {"http", "https"} or not parts.hostname:
        return Answer(None, error=f"not an http(s) URL: {url[:80]}")
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    connection: http.client.HTTPConnection
    try:
        if scheme == "https":
            connection = http.client.HTTPSConnection(
                parts.hostname,
                parts.port,
                timeout=timeout,
                context=ssl.create_default_context(),
            )
        else:
            connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
        try:
            connection.request(
                method, target, body=body, headers={"User-Agent": USER_AGENT, **headers}
            )
            response = connection.getresponse()
            data = response.read(MAX_ANSWER)
            answer_headers = {k.lower(): v for k, v in response.getheaders()}
            return Answer(response.status, answer_headers, data, duration_ms=took())
        finally:
            connection.close()
    except TimeoutError:
        return Answer(None, error=f"no answer within {timeout:g} s", duration_ms=took())
    except (OSError, http.client.HTTPException, ValueError) as exc:
        text = str(exc) or type(exc).__name__
        return Answer(None, error=f"{type(exc).__name__}: {text}"[:300], duration_ms=took())
