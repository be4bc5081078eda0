"""The `podium` command for real: a fresh home, migrate, createuser, serve over HTTP, the worker."""

from __future__ import annotations

import sqlite3
import subprocess
from pathlib import Path

from tests.support.cli import PODIUM, free_port, get_when_up, run


def test_version_and_usage_exit_codes(home: dict[str, str]) -> None:
    version = run(home, "--version")
    assert version.returncode == 0
    assert version.stdout.startswith("podium ")
    assert run(home, "no-such-command").returncode == 2
    assert run(home, "serve", "--port", "not-a-number").returncode == 2
    for command in ("demo", "serve", "worker", "migrate", "createuser", "simulate"):
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
        body = get_when_up(f"http://127.0.0.1:{port}/healthz")
        assert body == b'{"status": "ok"}'
        login_page = get_when_up(f"http://127.0.0.1:{port}/login/")
        assert b"Log in to Podium" in login_page
        css = get_when_up(f"http://127.0.0.1:{port}/static/vendor/tabler/tabler.min.css")
        assert len(css) > 100_000
        script = get_when_up(f"http://127.0.0.1:{port}/static/podium/podium.js")
        assert b"podium:toast" in script
        # Three wrong passwords: each queues a clean-up task for the worker.
        for _ in range(3):
            _post_login(port, "ada", "wrong")
    finally:
        server.terminate()
        server.wait(timeout=10)

    with sqlite3.connect(database) as db:
        queued = [
            row[0]
            for row in db.execute(
                "SELECT id FROM django_tasks_database_dbtaskresult WHERE status = 'READY'"
            )
        ]
    assert len(queued) == 3
    worked = run(home, "worker", "--batch")
    assert worked.returncode == 0, worked.stderr
    with sqlite3.connect(database) as db:
        status_of = dict(db.execute("SELECT id, status FROM django_tasks_database_dbtaskresult"))
    statuses = [status_of[task] for task in queued]
    # the worker also starts its own chains (the deadline sweep), queued for later
    assert statuses == ["SUCCESSFUL"] * 3


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


def test_serve_with_workers_answers_from_each_and_stops_them_all(home: dict[str, str]) -> None:
    """`--workers 2`: two server processes under the one started, sharing the port; stopping
    the parent (as the demo and the benchmarks do, SIGTERM) stops both."""
    assert run(home, "migrate").returncode == 0
    port = free_port()
    server = subprocess.Popen(
        [*PODIUM, "serve", "--port", str(port), "--workers", "2"], env=home, stderr=subprocess.PIPE
    )
    try:
        for _ in range(6):
            assert get_when_up(f"http://127.0.0.1:{port}/healthz") == b'{"status": "ok"}'
        children = _children(server.pid)
        assert len(children) == 2
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert [pid for pid in children if Path(f"/proc/{pid}").exists()] == []


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(stat[1]) == pid:
                found.append(int(entry.name))
    return found
