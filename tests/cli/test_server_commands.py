"""The `podium` command for real: a fresh home, migrate, createuser, serve over HTTP, the worker."""

from __future__ import annotations

import os
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

PODIUM = [sys.executable, "-m", "podium"]


@pytest.fixture
def home(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PODIUM_", "DJANGO_"))}
    # The default single-machine set-up: SQLite under PODIUM_HOME, whatever the suite runs on.
    env["PODIUM_HOME"] = str(tmp_path / "home")
    return env


def run(
    env: dict[str, str], *args: str, input_text: str | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*PODIUM, *args], env=env, capture_output=True, text=True, timeout=120, input=input_text
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_version_and_usage_exit_codes(home: dict[str, str]) -> None:
    version = run(home, "--version")
    assert version.returncode == 0
    assert version.stdout.startswith("podium ")
    assert run(home, "no-such-command").returncode == 2
    assert run(home, "serve", "--port", "not-a-number").returncode == 2
    for command in ("demo", "serve", "worker", "migrate", "createuser"):
        helped = run(home, command, "--help")
        assert helped.returncode == 0, command
        assert "Usage" in helped.stdout


def test_migrate_createuser_serve_and_worker(home: dict[str, str]) -> None:
    assert run(home, "migrate").returncode == 0
    database = Path(home["PODIUM_HOME"]) / "podium.sqlite3"
    with sqlite3.connect(database) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    secret = Path(home["PODIUM_HOME"]) / "secret_key"
    assert oct(secret.stat().st_mode & 0o777) == "0o600"

    bad = run(
        home, "createuser", "eve", "--role", "party_member", "--party", "nobody", "--password", "x"
    )
    assert bad.returncode == 1
    assert "--party nobody" in bad.stderr
    created = run(
        home, "createuser", "ada", "--role", "integrator_admin", "--password", "a long passphrase"
    )
    assert created.returncode == 0, created.stderr
    dry = run(home, "createuser", "bob", "--role", "auditor", "--password", "pw", "--dry-run")
    assert dry.returncode == 0
    assert "would create bob" in dry.stdout
    with sqlite3.connect(database) as db:
        users = {row[0] for row in db.execute("SELECT username FROM accounts_user")}
    assert users == {"ada"}

    port = free_port()
    server = subprocess.Popen(
        [*PODIUM, "serve", "--port", str(port)], env=home, stderr=subprocess.PIPE
    )
    try:
        body = _get_when_up(f"http://127.0.0.1:{port}/healthz")
        assert body == b'{"status": "ok"}'
        login_page = _get_when_up(f"http://127.0.0.1:{port}/login/")
        assert b"Log in to Podium" in login_page
        css = _get_when_up(f"http://127.0.0.1:{port}/static/vendor/tabler/tabler.min.css")
        assert len(css) > 100_000
        script = _get_when_up(f"http://127.0.0.1:{port}/static/podium/podium.js")
        assert b"podium:toast" in script
        # Three wrong passwords: each queues a clean-up task for the worker.
        for _ in range(3):
            _post_login(port, "ada", "wrong")
    finally:
        server.terminate()
        server.wait(timeout=10)

    with sqlite3.connect(database) as db:
        queued = db.execute(
            "SELECT count(*) FROM django_tasks_database_dbtaskresult WHERE status = 'READY'"
        ).fetchone()[0]
    assert queued == 3
    worked = run(home, "worker", "--batch")
    assert worked.returncode == 0, worked.stderr
    with sqlite3.connect(database) as db:
        statuses = [
            row[0] for row in db.execute("SELECT status FROM django_tasks_database_dbtaskresult")
        ]
    assert statuses == ["SUCCESSFUL"] * 3


def _get_when_up(url: str) -> bytes:
    deadline = time.monotonic() + 30
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return bytes(response.read())
        except (urllib.error.URLError, ConnectionError):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def _post_login(port: int, username: str, password: str) -> None:
    import http.cookiejar
    import re
    import urllib.parse

    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"http://127.0.0.1:{port}/login/", timeout=5).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert token is not None
    data = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token.group(1), "username": username, "password": password}
    ).encode()
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/login/",
        data=data,
        headers={"Referer": f"http://127.0.0.1:{port}/login/"},
    )
    with opener.open(request, timeout=5) as response:
        assert b"Please enter a correct" in response.read()
