"""The escalation sweep for real, on SQLite in a fresh home: two processes sweeping at the same
instant fire each step once between them, and a worker killed (SIGKILL) before a deadline fires
the step once after it starts again. (The worker runs on the real clock; nothing here depends on
the date.)"""

from __future__ import annotations

import datetime as dt
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from tests.support.cli import PODIUM, run

ROOT = Path(__file__).resolve().parents[2]
HELPER = [sys.executable, "-m", "tests.support.escalations"]


def _helper(home: dict[str, str], *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [*HELPER, *args],
        env=home,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _finish(process: subprocess.Popen[str]) -> str:
    out, err = process.communicate(timeout=180)
    assert process.returncode == 0, err
    return out


def _fired(home: dict[str, str]) -> list[tuple[str, str, int]]:
    with sqlite3.connect(Path(home["PODIUM_HOME"]) / "podium.sqlite3") as db:
        return db.execute(
            "SELECT t.reference, e.step, count(*) FROM operations_escalation e"
            " JOIN operations_ticket t ON t.id = e.ticket_id GROUP BY 1, 2 ORDER BY 1, 2"
        ).fetchall()


def test_two_sweeps_at_the_same_instant_fire_each_step_once(home: dict[str, str]) -> None:
    assert run(home, "migrate").returncode == 0
    opened = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)
    _finish(_helper(home, "seed", "300", opened.isoformat(), opened.isoformat()))
    late = (opened + dt.timedelta(hours=5)).isoformat()
    sweeps = [_helper(home, "sweep", late) for _ in range(2)]
    counts = sorted(int(_finish(p)) for p in sweeps)
    assert sum(counts) == 900, counts  # warning, first step and breach of each ticket
    rows = _fired(home)
    assert len(rows) == 900
    assert {count for _, _, count in rows} == {1}


def test_a_worker_killed_before_a_deadline_fires_it_once_after_a_restart(
    home: dict[str, str],
) -> None:
    assert run(home, "migrate").returncode == 0
    # a one-hour target: the warning (80 %) falls due 15 seconds after the tickets open
    left = float(_finish(_helper(home, "seed", "20", "warning-in", "15")))
    seeded = time.monotonic()
    assert left > 4, "the machine took too long to open the tickets"
    worker = subprocess.Popen([*PODIUM, "worker"], env=home, stderr=subprocess.DEVNULL)
    time.sleep(3)
    worker.send_signal(signal.SIGKILL)
    worker.wait(timeout=10)
    assert _fired(home) == []
    time.sleep(max(0.0, seeded + left + 1 - time.monotonic()))
    assert run(home, "worker", "--batch").returncode == 0
    assert _fired(home) == [(f"INC-{i}", "warning", 1) for i in sorted(range(20), key=str)]
    assert run(home, "worker", "--batch").returncode == 0
    assert len(_fired(home)) == 20
