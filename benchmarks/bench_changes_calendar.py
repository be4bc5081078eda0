"""The change calendar's week page at scale, on SQLite in a fresh PODIUM_HOME.

    .venv/bin/python benchmarks/bench_changes_calendar.py [--components 2000] [--changes 500] [--runs 30]
    .venv/bin/python benchmarks/bench_changes_calendar.py --before /tmp/old/src   # and ratios

Seeds the graph and the week of `podium.core.synthetic.changes.change_load` (the conflict
benchmark's: 40 parties, 200 services, `--components` components in six layers, `--changes`
submitted changes over one week), inserted in bulk, plus ten blackouts and a maintenance window
per party. Then renders `GET /changes/calendar/?day=…` (the week view, every change of the
week with its conflicts counted) as the integrator's analyst through Django's test client,
`--runs` times after one warm-up, and the month view and one change's page likewise. Prints
p50 and p95 in milliseconds, wall-clock and processor time (the machine is shared: the wall
clock counts other processes' turns too), the ratio of the week page's p95 to its target
(300 ms), the number of queries one week page runs, and the load average. With ``--before
SRC`` the same is measured on another checkout's ``src`` first (in a child process, on a
database of its own) and the ratios before / after of each page's processor time are printed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

START = dt.datetime(2026, 12, 7, tzinfo=dt.UTC)  # a Monday
TARGET_WEEK_P95_MS = 300.0
ENTRY = 'href="/changes/c/'
"""How a change's entry on the calendar starts."""


def seed(components: int, changes: int) -> Any:
    """The load in the database (bulk inserts of reference data: only the timing matters)."""
    from podium.apps.accounts import services as accounts
    from podium.apps.changes.models import BlackoutWindow, Change, MaintenanceWindow
    from podium.apps.ecosystem.models import (
        Component,
        Dependency,
        Party,
        Service,
        ServiceComponent,
    )
    from podium.core.synthetic.changes import change_load

    landscape, planned = change_load(components=components, changes=changes, start=START)
    parties = Party.objects.bulk_create(
        [Party(slug="office", name="Integrator Office", code="OFF", kind="integrator")]
        + [
            Party(slug=f"party-{i}", name=f"Party {i}", code=f"P{i}", kind="software_vendor")
            for i in range(40)
        ]
    )
    office, suppliers = parties[0], parties[1:]
    rows = Component.objects.bulk_create(
        [
            Component(
                slug=f"component-{c.id}",
                name=c.name,
                kind="application",
                run_by=suppliers[c.run_by or 0],
            )
            for c in landscape.components
        ]
    )
    by_id = {c.id: row for c, row in zip(landscape.components, rows, strict=True)}
    Dependency.objects.bulk_create(
        [Dependency(source=by_id[s], target=by_id[t]) for s, t in landscape.dependencies]
    )
    services = Service.objects.bulk_create(
        [
            Service(
                slug=f"service-{s.id}",
                name=s.name,
                criticality="critical" if s.critical else "medium",
            )
            for s in landscape.services
        ]
    )
    ServiceComponent.objects.bulk_create(
        [
            ServiceComponent(service=row, component=by_id[c])
            for s, row in zip(landscape.services, services, strict=True)
            for c in s.components
        ]
    )
    made = Change.objects.bulk_create(
        [
            Change(
                reference=f"CHG-{p.id + 1:05d}",
                title=f"Change {p.id + 1}",
                implementer=suppliers[p.party],
                status="submitted",
                planned_start=p.start,
                planned_end=p.end,
            )
            for p in planned
        ]
    )
    through = Change.components.through
    through.objects.bulk_create(
        [
            through(change_id=row.pk, component_id=by_id[c].pk)
            for p, row in zip(planned, made, strict=True)
            for c in p.components
        ]
    )
    for i in range(10):
        blackout = BlackoutWindow.objects.create(
            name=f"freeze {i}",
            starts_at=START + dt.timedelta(days=i % 7, hours=20),
            ends_at=START + dt.timedelta(days=i % 7, hours=23),
        )
        blackout.services.set([services[i * 7]])
    MaintenanceWindow.objects.bulk_create(
        [
            MaintenanceWindow(party=p, weekday=n % 7, starts=dt.time(21), ends=dt.time(5))
            for n, p in enumerate(suppliers)
        ]
    )
    return accounts.create_user(
        acting_user=None,
        username="bench-analyst",
        password=secrets.token_urlsafe(16),  # the bench signs in with force_login
        role="integrator_analyst",
        party_id=office.pk,
    ), made[0].reference


def timed(client: Any, url: str, runs: int) -> tuple[list[float], list[float]]:
    """Wall-clock and processor times of ``runs`` answers, in milliseconds, each sorted."""
    answer = client.get(url)  # warm-up: templates, the first queries
    assert answer.status_code == 200, (url, answer.status_code)
    times, cpu = [], []
    for _ in range(runs):
        began, began_cpu = time.perf_counter(), time.process_time()
        answer = client.get(url)
        times.append((time.perf_counter() - began) * 1000)
        cpu.append((time.process_time() - began_cpu) * 1000)
        assert answer.status_code == 200
    return sorted(times), sorted(cpu)


def p95(times: list[float]) -> float:
    return times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--components", type=int, default=2000)
    parser.add_argument("--changes", type=int, default=500)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--before", type=Path, help="another checkout's src, measured first")
    parser.add_argument("--json", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    before = _measure_before(args) if args.before else None
    results = measure(args)
    if args.json:
        print(json.dumps(results))
        return
    if before:
        print("before / after, processor time:")
        for name, after in results.items():
            old = before[name]
            print(
                f"{name:>6} page: p50 {old['cpu_p50']:.0f} → {after['cpu_p50']:.0f} ms "
                f"({old['cpu_p50'] / after['cpu_p50']:.1f}×), p95 {old['cpu_p95']:.0f} → "
                f"{after['cpu_p95']:.0f} ms ({old['cpu_p95'] / after['cpu_p95']:.1f}×)"
            )


def _measure_before(args: argparse.Namespace) -> dict[str, Any]:
    command = [
        sys.executable, __file__, "--json", "--components", str(args.components),
        "--changes", str(args.changes), "--runs", str(args.runs),
    ]  # fmt: skip
    env = {**os.environ, "PYTHONPATH": str(args.before.resolve())}
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
    print(f"before ({args.before}):\n" + done.stderr, end="")
    return dict(json.loads(done.stdout.splitlines()[-1]))


def measure(args: argparse.Namespace) -> dict[str, dict[str, float]]:
    """Seed a fresh home and time the pages; figures on stderr, the numbers returned."""
    os.environ["PODIUM_HOME"] = tempfile.mkdtemp(prefix="podium-bench-calendar-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "podium.site.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    call_command("migrate", verbosity=0)
    began = time.perf_counter()
    user, reference = seed(args.components, args.changes)
    results: dict[str, dict[str, float]] = {}
    say(
        f"seeded {args.changes} changes over {args.components} components in "
        f"{time.perf_counter() - began:.1f} s"
    )
    client = Client(SERVER_NAME="localhost")
    client.force_login(user)
    week = f"/changes/calendar/?day={START.date().isoformat()}"
    with CaptureQueriesContext(connection) as queries:
        body = client.get(week).content.decode()
    say(
        f"week page: {body.count(ENTRY)} change entries, "
        f"{len(queries.captured_queries)} queries, {len(body) / 1024:.0f} KiB"
    )
    targets = {"week": TARGET_WEEK_P95_MS, "month": None, "change": None}
    pages = {
        "week": week,
        "month": f"/changes/calendar/?view=month&day={START.date().isoformat()}",
        "change": f"/changes/c/{reference}/",
    }
    for name, url in pages.items():
        times, cpu = timed(client, url, args.runs)
        target = targets[name]
        ratio = (
            f", p95 / target {p95(times) / target:.2f} (target {target:.0f} ms)" if target else ""
        )
        say(
            f"{name:>6} page: p50 {statistics.median(times):.0f} ms, p95 {p95(times):.0f} ms "
            f"over {args.runs} runs{ratio}; processor time p50 {statistics.median(cpu):.0f} ms, "
            f"p95 {p95(cpu):.0f} ms"
        )
        results[name] = {
            "p50": statistics.median(times),
            "p95": p95(times),
            "cpu_p50": statistics.median(cpu),
            "cpu_p95": p95(cpu),
        }
    say(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return results


def say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


if __name__ == "__main__":
    main()
