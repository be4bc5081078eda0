"""Running the real `podium` command in tests: a fresh home, a free port, a server that is up."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

PODIUM = [sys.executable, "-m", "podium"]


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


def get_when_up(url: str) -> bytes:
    deadline = time.monotonic() + 30
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return bytes(response.read())
        except (urllib.error.URLError, ConnectionError):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)
