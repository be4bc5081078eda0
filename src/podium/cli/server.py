"""Server-side commands: migrate, createuser, serve, worker, demo."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from podium.cli import simulate as simulator
from podium.cli.django_setup import migrate as run_migrations
from podium.cli.django_setup import setup_django

err = Console(stderr=True)


def fail(message: str) -> typer.Exit:
    err.print(f"[bold red]error:[/] {message}")
    return typer.Exit(1)


def migrate() -> None:
    """Create or update the database schema."""
    setup_django()
    run_migrations(verbosity=1)


def createuser(
    username: Annotated[str, typer.Argument(help="Log-in name.")],
    role: Annotated[
        str,
        typer.Option(
            help="integrator_admin, integrator_analyst, party_manager, party_member or auditor."
        ),
    ] = "party_member",
    party: Annotated[str | None, typer.Option(help="Slug of the party the user works for.")] = None,
    email: Annotated[str, typer.Option(help="E-mail address.")] = "",
    time_zone: Annotated[str, typer.Option("--tz", help="IANA time zone for display.")] = "UTC",
    password: Annotated[
        str | None,
        typer.Option(help="Password; asked for when left out.", envvar="PODIUM_NEW_PASSWORD"),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Check everything, write nothing.")
    ] = False,
) -> None:
    """Create a user who logs in to Podium."""
    setup_django()
    from django.core.exceptions import ValidationError
    from django.db import transaction

    from podium.apps.accounts import services as accounts
    from podium.apps.ecosystem.models import Party

    party_id: int | None = None
    if party:
        found = Party.objects.filter(slug=party).values_list("pk", flat=True).first()
        if found is None:
            raise fail(f"--party {party}: no party with that slug")
        party_id = found
    if password is None:
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        with transaction.atomic():
            user = accounts.create_user(
                acting_user=None,
                username=username,
                password=password,
                role=role,
                party_id=party_id,
                email=email,
                time_zone=time_zone,
            )
            if dry_run:
                transaction.set_rollback(True)
    except ValidationError as exc:
        details = "; ".join(
            f"{field}: {' '.join(msgs)}" for field, msgs in exc.message_dict.items()
        )
        raise fail(details) from exc
    typer.echo(f"{'would create' if dry_run else 'created'} {user.username} ({user.role})")


def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    threads: Annotated[int, typer.Option(help="Worker threads of each server process.")] = 8,
    workers: Annotated[
        int,
        typer.Option(
            min=1,
            help="Server processes sharing the port (forked after start-up), so that every "
            "core serves; on SQLite their writes still take turns.",
        ),
    ] = 1,
) -> None:
    """Serve the web pages and the API (waitress)."""
    setup_django()
    _serve(host, port, threads, workers)


def _serve(host: str, port: int, threads: int, workers: int = 1) -> None:
    from waitress import serve as waitress_serve

    from podium.site.wsgi import application

    _freeze_start_up_objects()
    if workers == 1:
        waitress_serve(application, host=host, port=port, threads=threads, ident="podium")
        return
    _serve_forked(host, port, threads, workers)


def _serve_forked(host: str, port: int, threads: int, workers: int) -> None:
    """`workers` waitress processes accepting on one listening socket: the parent opens it,
    loaded and frozen (`_freeze_start_up_objects`: the children share those pages), forks,
    and stops every child when it is stopped itself (Ctrl-C, SIGTERM)."""
    import socket

    from django.db import connections
    from waitress import serve as waitress_serve

    from podium.site.wsgi import application

    connections.close_all()  # no connection crosses a fork
    listener = socket.create_server((host, port), backlog=1024)
    children: list[int] = []
    for _ in range(workers):
        pid = os.fork()
        if pid == 0:  # a child: serve until stopped
            signal.signal(signal.SIGINT, signal.SIG_DFL)
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            try:
                waitress_serve(application, sockets=[listener], threads=threads, ident="podium")
            finally:
                os._exit(0)
        children.append(pid)
    listener.close()

    def stop(signum: int, frame: Any) -> None:
        for child in children:
            with contextlib.suppress(ProcessLookupError):
                os.kill(child, signal.SIGTERM)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    err.print(f"{workers} server processes on {host}:{port}: {', '.join(map(str, children))}")
    for child in children:
        os.waitpid(child, 0)


def _freeze_start_up_objects() -> None:
    """Load every module the routes use, then move everything loaded so far out of the cyclic
    garbage collector's reach (`gc.freeze`): its full collections otherwise walk all of
    Django, Polars and Podium on every pass, and a bulk load of events, which allocates
    quickly, spends a fifth to a third of its time there (docs/benchmarks.md)."""
    import gc

    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018  (imports every view and API module)
    gc.collect()
    gc.freeze()


def worker(
    interval: Annotated[float, typer.Option(help="Seconds between polls of the task queue.")] = 1.0,
    batch: Annotated[bool, typer.Option("--batch", help="Run what is queued, then exit.")] = False,
) -> None:
    """Run background tasks from the database queue until stopped."""
    setup_django()
    from django.core.management import call_command
    from django.utils import timezone

    from podium.apps.goals.tasks import schedule_refresh
    from podium.apps.operations.services.escalations import resume_sweeping
    from podium.apps.operations.services.hub import resume_on_start
    from podium.apps.operations.services.notifications import resume_on_start as resume_mail

    resume_on_start()  # what the outbox still owes, and every endpoint's poll
    resume_sweeping(now=timezone.now())  # the chain of sweeps of due deadlines
    resume_mail(now=timezone.now())  # the daily digests' chain, and mails still owed
    schedule_refresh()  # the key results' hourly measurement, unless already queued
    options: dict[str, Any] = {"interval": interval, "reload": False, "startup_delay": False}
    if batch:
        options["batch"] = True
    call_command("db_worker", **options)


def demo(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    scale: Annotated[int, typer.Option(min=1, help="Multiply the ticket history.")] = 1,
    seed: Annotated[int, typer.Option(help="Seed of the generator.")] = 2026,
    serve_after: Annotated[
        bool, typer.Option("--serve/--no-serve", help="Start the server and worker.")
    ] = True,
    simulate: Annotated[
        bool, typer.Option("--simulate/--no-simulate", help="Run `podium simulate` beside.")
    ] = True,
) -> None:
    """Set up the demo ecosystem (idempotent), then serve it with a worker and the simulator of
    two suppliers' tools; Ctrl-C stops them all."""
    setup_django()
    from podium.core.synthetic import generate_ecosystem
    from podium.site.demo import load_demo

    err.print("Preparing the database …")
    run_migrations()
    end = _demo_end_date(seed=seed, scale=scale)
    err.print(f"Loading the demo ecosystem (seed {seed}, scale {scale}, history up to {end}) …")
    spec = generate_ecosystem(seed=seed, scale=scale, end=end)
    summary = load_demo(spec)
    err.print(summary.describe())
    if not serve_after:
        return
    if simulate:
        from podium.site.demo_escalation import open_demo_drill

        drill = open_demo_drill(now=dt.datetime.now(dt.UTC))
        if drill is not None and drill.created:
            err.print(
                f"Escalation drill: {drill.ticket.reference} climbs two steps within minutes "
                "(Operations › Escalations)."
            )
    url = f"http://{host}:{port}"
    typer.echo(f"\nPodium runs at {url}\n")
    for login in summary.logins:
        typer.echo(f"  {login.username:<26} {login.password:<13} {login.description}")
    typer.echo(
        "\nCtrl-C stops the server"
        + (", the worker and the simulator." if simulate else " and the worker.")
    )
    # The worker and the simulator run in process groups of their own: Ctrl-C in the terminal
    # reaches the demo alone, which stops each of them once (a second signal would cut short
    # the worker's graceful stop and the simulator's summary).
    worker_process = subprocess.Popen(
        [sys.executable, "-m", "podium", "worker"], env=os.environ.copy(), process_group=0
    )
    simulating = simulator.start_beside(simulator.local_url(host, port)) if simulate else None
    signal.signal(signal.SIGTERM, simulator.interrupt)  # `kill` stops all three, as Ctrl-C does
    try:
        _serve(host, port, threads=8)
    except KeyboardInterrupt:
        pass
    finally:
        simulator.stop(simulating)
        worker_process.send_signal(signal.SIGINT)
        try:
            worker_process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            worker_process.kill()
        err.print("Stopped.")


def _demo_end_date(*, seed: int, scale: int) -> dt.date:
    """The day the demo history ends: today on the first load, the same day on every re-load.

    Kept in PODIUM_HOME so that running the demo again next month re-creates nothing; a
    different seed or scale starts a new history.
    """
    from django.conf import settings

    memo = Path(settings.HOME) / "demo.json"
    if memo.exists():
        saved = json.loads(memo.read_text(encoding="utf-8"))
        if saved.get("seed") == seed and saved.get("scale") == scale:
            return dt.date.fromisoformat(saved["end"])
    end = dt.datetime.now(dt.UTC).date() - dt.timedelta(days=1)  # a history wholly in the past
    memo.write_text(
        json.dumps({"seed": seed, "scale": scale, "end": end.isoformat()}), encoding="utf-8"
    )
    return end


def register(app: typer.Typer) -> None:
    app.command()(migrate)
    app.command()(createuser)
    app.command()(serve)
    app.command()(worker)
    app.command()(demo)
