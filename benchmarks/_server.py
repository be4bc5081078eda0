"""What the HTTP benchmarks share: a fresh PODIUM_HOME with two parties and a tool's token, and
`podium serve` on loopback (`bench_events.py`, `bench_tmf621.py`); `bench_exchange_outbox.py`
takes the fresh home alone and sets Django up in its own process.

The home is SQLite, as `podium serve` runs by default, unless PODIUM_DATABASE_URL names another
database: then that one (which must be empty) is migrated and used.
"""

from __future__ import annotations

import http.client
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PODIUM = [sys.executable, "-m", "podium"]
DOCUMENT = """\
version: 1
parties:
  - key: alpha
    name: Alpha Cloud
    kind: cloud_provider
  - key: beta
    name: Beta Networks
    kind: network_carrier
"""


def run(env: dict[str, str], *args: str) -> str:
    done = subprocess.run([*PODIUM, *args], env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"podium {' '.join(args)} failed:\n{done.stderr}")
    return done.stdout


def fresh_home(prefix: str) -> dict[str, str]:
    """The environment of a new, empty PODIUM_HOME (PODIUM_DATABASE_URL kept, every other
    PODIUM_ and DJANGO_ variable left out)."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k == "PODIUM_DATABASE_URL" or not k.startswith(("PODIUM_", "DJANGO_"))
    }
    env["PODIUM_HOME"] = tempfile.mkdtemp(prefix=prefix)
    return env


def world_in_process(prefix: str) -> Any:
    """Django set up in this process on a fresh PODIUM_HOME, migrated, with the test world of
    tests/support/world.py (for the benchmarks that call services directly)."""
    os.environ["PODIUM_HOME"] = fresh_home(prefix)["PODIUM_HOME"]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "podium.site.settings")
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from tests.support.world import build_world

    return build_world()


def database_of(env: dict[str, str]) -> str:
    return "PostgreSQL" if env.get("PODIUM_DATABASE_URL") else "SQLite"


@dataclass(frozen=True)
class Bench:
    """A migrated home with the parties Alpha and Beta, and a token of Alpha's tool."""

    env: dict[str, str]
    home: Path
    token: str

    @property
    def database(self) -> str:
        return database_of(self.env)


def prepare(prefix: str, *token_options: str) -> Bench:
    """Migrate a fresh home, add the two parties (`podium governance apply`) and make Alpha's
    tool a token (`podium token create`, with `token_options` such as
    `--requests-per-minute 100000`)."""
    env = fresh_home(prefix)
    home = Path(env["PODIUM_HOME"])
    run(env, "migrate")
    document = home / "parties.yaml"
    document.write_text(DOCUMENT)
    run(env, "governance", "apply", str(document))
    token = run(
        env,
        "token",
        "create",
        "--party",
        "alpha",
        "--name",
        f"benchmark {time.time_ns()}",
        *token_options,
    ).strip()
    return Bench(env, home, token)


def wait_up(port: int) -> None:
    deadline = time.monotonic() + 60
    while True:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return
        except OSError:
            if time.monotonic() > deadline:
                raise
        time.sleep(0.2)


def wait_for_quiet(load: float, max_wait: float) -> None:
    """On a shared machine, wait (bounded) until the 1-minute load average is below `load`."""
    waited = 0.0
    while load and os.getloadavg()[0] > load and waited < max_wait:
        time.sleep(5)
        waited += 5


@dataclass(frozen=True)
class Server:
    """The `podium serve` process the block talks to."""

    process: subprocess.Popen[bytes]

    def cpu_seconds(self) -> float:
        """Processor time (user + system) the server has used so far: its process and every
        process under it (the workers of ``--workers``), read from /proc (Linux)."""
        return sum(_cpu_of(pid) for pid in _tree(self.process.pid))


def _tree(root: int) -> list[int]:
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            parents[int(entry.name)] = int(fields[1])
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(child for child, parent in parents.items() if parent == pid)
    return found


def _cpu_of(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


@contextmanager
def serving(bench: Bench, *, port: int, threads: int, workers: int = 1) -> Iterator[Server]:
    """`podium serve` on loopback while the block runs, up before it starts; its log stays in
    the home (named on stderr when the block fails), the load averages are printed around."""
    log = (bench.home / "serve.log").open("w")
    command = [*PODIUM, "serve", "--port", str(port), "--threads", str(threads)]
    if workers != 1:
        command += ["--workers", str(workers)]
    server = subprocess.Popen(command, env=bench.env, stderr=log)
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}; {bench.database} under a fresh PODIUM_HOME"
    )
    print("load average (1, 5, 15 min) at the start: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    try:
        wait_up(port)
        yield Server(server)
    except BaseException:
        print(f"the server's log: {bench.home / 'serve.log'}", file=sys.stderr)
        raise
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
    print("load average (1, 5, 15 min) at the end: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
