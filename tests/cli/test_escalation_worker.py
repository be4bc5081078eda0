"""The escalation sweep for real, on SQLite in a fresh home: two processes sweeping at the same
instant fire each step once between them, and a worker killed (SIGKILL) before a deadline fires
the step once after it starts again. (The worker runs on the real clock; nothing here depends on
the date.)"""

from __future__ import annotations

import datetime as dt
import signal
import subprocess
import time

from tests.support.cli import PODIUM, run
from tests.support.escalations import finish, fired_in, helper_process


def test_two_sweeps_at_the_same_instant_fire_each_step_once(home: dict[str, str]) -> None:
    assert run(home, "migrate").returncode == 0
    opened = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)
    finish(helper_process(home, "seed", "300", opened.isoformat(), opened.isoformat()))
    late = (opened + dt.timedelta(hours=5)).isoformat()
    sweeps = [helper_process(home, "sweep", late) for _ in range(2)]
    counts = sorted(int(finish(p)) for p in sweeps)
    assert sum(counts) == 900, counts  # warning, first step and breach of each ticket
    rows = fired_in(home)
    assert len(rows) == 900
    assert {count for _, _, count in rows} == {1}


def test_a_worker_killed_before_a_deadline_fires_it_once_after_a_restart(
    home: dict[str, str],
) -> None:
    assert run(home, "migrate").returncode == 0
    # a one-hour target: the warning (80 %) falls due 15 seconds after the tickets open
    left = float(finish(helper_process(home, "seed", "20", "warning-in", "15")))
    seeded = time.monotonic()
    assert left > 4, "the machine took too long to open the tickets"
    worker = subprocess.Popen([*PODIUM, "worker"], env=home, stderr=subprocess.DEVNULL)
    time.sleep(3)
    worker.send_signal(signal.SIGKILL)
    worker.wait(timeout=10)
    assert fired_in(home) == []
    time.sleep(max(0.0, seeded + left + 1 - time.monotonic()))
    assert run(home, "worker", "--batch").returncode == 0
    assert fired_in(home) == [(f"INC-{i}", "warning", 1) for i in sorted(range(20), key=str)]
    assert run(home, "worker", "--batch").returncode == 0
    assert len(fired_in(home)) == 20
