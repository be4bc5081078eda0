"""Webhook deliveries from one worker: how many CloudEvents `podium worker`'s task loop (the
django-tasks database worker, one process) signs and posts a minute to a receiver on
loopback, and how long a sweep of due deadlines queued behind that backlog waits.

    .venv/bin/python benchmarks/bench_webhook_deliveries.py [--deliveries 1000]

In a fresh PODIUM_HOME (migrated, the test world of tests/support/world.py), a webhook of
supplier A points at a `ThreadingHTTPServer` in this process that answers 204; `--deliveries`
CloudEvents are written to the outbox as the escalation sweep writes them
(`services.notifications.publish`, one transaction), with their tasks, and a sweep is queued
after them. Then `db_worker --batch` runs in its own process until the queue is empty. Prints
deliveries a minute, the ratio to the target (1,000 a minute), and the sweep's wait from the
worker's start (the target: within one sweep interval, 15 s).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
TARGET_PER_MINUTE = 1000.0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--deliveries", type=int, default=1000)
    args = parser.parse_args()
    os.environ["PODIUM_HOME"] = tempfile.mkdtemp(prefix="podium-bench-webhooks-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "podium.site.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import transaction
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult
    from tests.support.loopback import Receiver
    from tests.support.world import build_world

    from podium.apps.operations.models import Delivery
    from podium.apps.operations.services import escalations, notifications
    from podium.core import notifications as kinds

    call_command("migrate", verbosity=0)
    world = build_world()
    with Receiver() as receiver:
        callback = receiver.script("/hooks")
        notifications.create_webhook(
            acting_user=None,
            party=world.supplier_a,
            callback=callback,
            event_types=[],
            now=timezone.now(),
        )
        started = time.perf_counter()
        with transaction.atomic():
            for i in range(args.deliveries):
                notifications.publish(
                    world.ticket_a,
                    kinds.BREACH,
                    {"ticket": world.ticket_a.reference, "n": i},
                    now=timezone.now(),
                    seeing={world.supplier_a.pk},
                )
        written = time.perf_counter() - started
        escalations.resume_sweeping(now=timezone.now())  # a sweep queued behind the backlog
        worker = [
            sys.executable,
            "-m",
            "django",
            "db_worker",
            "--batch",
            "--no-startup-delay",
            "--interval",
            "0.1",
        ]
        began = time.perf_counter()
        began_at = timezone.now()
        subprocess.run(
            worker, check=True, env=os.environ.copy(), cwd=ROOT, stdout=subprocess.DEVNULL
        )
        took = time.perf_counter() - began
        delivered = Delivery.objects.filter(kind="cloudevent", status="delivered").count()
        received = len(receiver.to("/hooks"))
    sweep = (
        DBTaskResult.objects.filter(
            task_path="podium.apps.operations.tasks.sweep_deadlines", started_at__isnull=False
        )
        .order_by("started_at")
        .first()
    )
    first = DBTaskResult.objects.filter(started_at__isnull=False).order_by("started_at").first()
    sweep_wait = ready_after = None
    if first is not None and first.started_at is not None:
        ready_after = (first.started_at - began_at).total_seconds()
        if sweep is not None and sweep.started_at is not None:
            sweep_wait = (sweep.started_at - first.started_at).total_seconds()
    per_minute = delivered / took * 60 if took else 0.0
    print(f"deliveries written (one transaction): {args.deliveries} in {written:.2f} s")
    print(f"delivered by one worker: {delivered} (receiver got {received}) in {took:.1f} s")
    print(f"deliveries a minute: {per_minute:,.0f}  (target {TARGET_PER_MINUTE:,.0f})")
    print(f"ratio to the target: {per_minute / TARGET_PER_MINUTE:.2f}x")
    if sweep_wait is not None and ready_after is not None:
        print(
            f"sweep queued behind the backlog: started {sweep_wait:.2f} s after the worker's "
            f"first task (the worker took {ready_after:.1f} s to start)"
        )
    print(f"load average: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
