"""Real HTTP servers on loopback for the exchange tests (no mocks of HTTP):

- `Receiver` answers webhook deliveries as scripted per path (status, headers, body, delay)
  and records every request it gets;
- `TmfServer` is a small TMF621 server — a party's own tool — that keeps trouble tickets
  (create, retrieve, merge-patch; bearer token required) and records what it is sent.

Both run a `ThreadingHTTPServer` on 127.0.0.1 and a free port in a daemon thread, and stop
when the test ends (use them as context managers or the fixtures in the tests).
"""

from __future__ import annotations

import json
import threading
import time
import urllib.error
import urllib.request
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass(frozen=True)
class Received:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass(frozen=True)
class Scripted:
    """One answer: status, headers, body, and how long to wait before answering."""

    status: int = 204
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    delay: float = 0.0


class _Server:
    def __init__(self) -> None:
        self.requests: list[Received] = []
        self._lock = threading.Lock()
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def _handle(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                received = Received(
                    self.command,
                    self.path,
                    {k.lower(): v for k, v in self.headers.items()},
                    body,
                )
                with owner._lock:
                    owner.requests.append(received)
                status, headers, answer, delay = owner.answer(received)
                if delay:
                    time.sleep(delay)
                try:
                    self.send_response(status)
                    for name, value in headers.items():
                        self.send_header(name, value)
                    self.send_header("Content-Length", str(len(answer)))
                    self.end_headers()
                    self.wfile.write(answer)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            do_GET = do_POST = do_PATCH = do_DELETE = do_PUT = _handle  # noqa: N815

            def log_message(self, format: str, *args: Any) -> None:
                return

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._httpd.server_address[1]}"
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    def answer(self, request: Received) -> tuple[int, dict[str, str], bytes, float]:
        raise NotImplementedError

    def to(self, path: str) -> list[Received]:
        with self._lock:
            return [r for r in self.requests if r.path == path]

    def __enter__(self) -> _Server:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()


class Receiver(_Server):
    """Answers each path from its script, then with the default (204)."""

    def __init__(self) -> None:
        super().__init__()
        self._scripts: dict[str, deque[Scripted]] = {}

    def script(self, path: str, *answers: Scripted) -> str:
        self._scripts.setdefault(path, deque()).extend(answers)
        return self.url + path

    def answer(self, request: Received) -> tuple[int, dict[str, str], bytes, float]:
        with self._lock:
            queue = self._scripts.get(request.path)
            scripted = queue.popleft() if queue else Scripted()
        return scripted.status, scripted.headers, scripted.body, scripted.delay


class TmfServer(_Server):
    """A party's own TMF621 server at `/tmf-api/troubleTicket/v5`, with one bearer token."""

    BASE = "/tmf-api/troubleTicket/v5"

    def __init__(self, token: str) -> None:
        super().__init__()
        self.token = token
        self.tickets: dict[str, dict[str, Any]] = {}
        self.base_url = self.url + self.BASE

    def answer(self, request: Received) -> tuple[int, dict[str, str], bytes, float]:
        json_type = {"Content-Type": "application/json"}
        if request.headers.get("authorization") != f"Bearer {self.token}":
            return 401, json_type, b'{"code": "401", "reason": "Unauthorized"}', 0.0
        path = request.path.removeprefix(self.BASE)
        with self._lock:
            if request.method == "POST" and path == "/troubleTicket":
                body = request.json()
                ident = f"B-{len(self.tickets) + 1}"
                body.update({"id": ident, "href": f"{self.BASE}/troubleTicket/{ident}"})
                body.setdefault("status", "acknowledged")
                self.tickets[ident] = body
                return 201, json_type, json.dumps(body).encode(), 0.0
            ident = path.removeprefix("/troubleTicket/")
            ticket = self.tickets.get(ident)
            if ticket is None:
                return 404, json_type, b'{"code": "404", "reason": "Not found"}', 0.0
            if request.method == "PATCH":
                ticket.update(request.json())  # a merge-patch: arrays replaced whole
            return 200, json_type, json.dumps(ticket).encode(), 0.0

    def change(self, ident: str, **fields: Any) -> None:
        """What the party's engineer does in their own tool."""
        with self._lock:
            self.tickets[ident].update(fields)


def call(
    method: str, url: str, *, token: str | None = None, body: Any = None, content_type: str = ""
) -> tuple[int, Any]:
    """One request to a live server: (status, decoded JSON body or None)."""
    data = json.dumps(body).encode() if body is not None else None
    headers = {"Content-Type": content_type or "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(url, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=20) as response:
            raw = response.read()
            return response.status, json.loads(raw) if raw else None
    except urllib.error.HTTPError as error:
        raw = error.read()
        return error.code, json.loads(raw) if raw else None
