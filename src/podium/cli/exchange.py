"""`podium endpoint add|list|remove` (parties' own TMF621 servers, e-bonding) and
`podium delivery list|replay` (the outbox's delivery log).

The bearer token Podium calls a party's endpoint with is read from standard input (or asked
for), never from the command line where the shell's history would keep it; it is stored
sealed and never printed. Exit 0 ok, 1 an unknown party, endpoint or delivery, or a value
Podium cannot use (named), 2 usage.
"""

from __future__ import annotations

import json
import sys
from typing import Annotated, Any

import typer
from rich.console import Console

from podium.cli.django_setup import setup_django

err = Console(stderr=True, highlight=False)
endpoint_app = typer.Typer(
    name="endpoint",
    help="Register, list or remove a party's own TMF621 endpoint (e-bonding).",
    no_args_is_help=True,
)
delivery_app = typer.Typer(
    name="delivery",
    help="The delivery log of hub events and e-bonding calls; send one again.",
    no_args_is_help=True,
)


def _fail(message: str) -> typer.Exit:
    err.print(f"[bold red]error:[/] {message}", markup=True, soft_wrap=True)
    return typer.Exit(1)


@endpoint_app.command("add")
def add(
    party: Annotated[str, typer.Option("--party", help="Slug of the party whose server it is.")],
    url: Annotated[
        str, typer.Option("--url", help="Base URL of its TMF621 API (…/troubleTicket/v5).")
    ],
    owner: Annotated[
        str, typer.Option("--owner", help="Podium's externalIdentifier owner there.")
    ] = "podium",
    poll_seconds: Annotated[
        int, typer.Option("--poll-seconds", min=10, max=86_400, help="Read back every N s.")
    ] = 60,
) -> None:
    """Register (or replace) a party's endpoint; the token comes on standard input."""
    setup_django()
    from django.core.exceptions import ValidationError
    from django.utils import timezone

    from podium.apps.ecosystem import selectors as ecosystem
    from podium.apps.operations.services import bonding

    row = ecosystem.party_by_slug(party)
    if row is None:
        raise _fail(f"--party {party}: no party with that slug")
    if sys.stdin.isatty():
        token = typer.prompt("Bearer token Podium calls the endpoint with", hide_input=True)
    else:
        token = sys.stdin.readline().strip()
    try:
        endpoint = bonding.register_endpoint(
            acting_user=None,
            party=row,
            base_url=url,
            token=token,
            owner=owner,
            poll_seconds=poll_seconds,
            now=timezone.now(),
        )
    except ValidationError as error:
        problems = "; ".join(f"{k}: {' '.join(v)}" for k, v in error.message_dict.items())
        raise _fail(problems) from error
    err.print(f"Endpoint {endpoint.pk} for {row.name}: {endpoint.base_url} (token sealed).")
    typer.echo(str(endpoint.pk))


def _endpoint_rows(party: str | None) -> list[dict[str, Any]]:
    from podium.apps.operations.selectors import all_endpoints

    return [
        {
            "id": e.pk,
            "party": e.party.slug,
            "base_url": e.base_url,
            "owner": e.owner,
            "poll_seconds": e.poll_seconds,
            "token": e.token_hint or "(set)",
            "last_poll_at": e.last_poll_at.isoformat() if e.last_poll_at else None,
            "last_poll_error": e.last_poll_error,
        }
        for e in all_endpoints(party)
    ]


@endpoint_app.command("list")
def list_endpoints(
    party: Annotated[str | None, typer.Option("--party", help="Only this party's.")] = None,
    output: Annotated[str, typer.Option("--format", help="table or json.")] = "table",
) -> None:
    """The registered endpoints (never the token)."""
    setup_django()
    rows = _endpoint_rows(party)
    if output == "json":
        typer.echo(json.dumps(rows, indent=2))
        return
    if output != "table":
        raise typer.BadParameter("--format is table or json")
    for r in rows:
        polled = r["last_poll_at"] or "not polled yet"
        typer.echo(f"{r['id']}\t{r['party']}\t{r['base_url']}\t{polled}\t{r['last_poll_error']}")


@endpoint_app.command("remove")
def remove(endpoint_id: Annotated[int, typer.Argument(help="The id `list` shows.")]) -> None:
    """Stop keeping tickets at an endpoint; calls still owed to it are cancelled."""
    setup_django()
    from django.utils import timezone

    from podium.apps.operations.selectors import all_endpoints
    from podium.apps.operations.services import bonding

    endpoint = all_endpoints(None).filter(pk=endpoint_id).first()
    if endpoint is None:
        raise _fail(f"{endpoint_id}: no registered endpoint has this id")
    bonding.remove_endpoint(acting_user=None, endpoint=endpoint, now=timezone.now())
    err.print(f"Removed endpoint {endpoint_id}.")


@delivery_app.command("list")
def list_deliveries(
    status: Annotated[
        str | None, typer.Option("--status", help="pending, delivered, failed or cancelled.")
    ] = None,
    limit: Annotated[int, typer.Option("--limit", min=1, max=10_000)] = 50,
    output: Annotated[str, typer.Option("--format", help="table or json.")] = "table",
) -> None:
    """The newest deliveries: kind, event, status, tries, last answer, next try."""
    setup_django()
    from podium.apps.operations.selectors import delivery_log

    found: list[dict[str, Any]] = [
        {
            "id": d.pk,
            "kind": d.kind,
            "event_type": d.event_type,
            "ticket": d.ticket.reference if d.ticket else None,
            "to": d.subscription.callback if d.subscription else d.link.endpoint.base_url,  # type: ignore[union-attr]
            "status": d.status,
            "attempts": d.attempts,
            "last_status_code": d.last_status_code,
            "last_error": d.last_error,
            "next_attempt_at": d.next_attempt_at.isoformat() if d.next_attempt_at else None,
        }
        for d in delivery_log(status)[:limit]
    ]
    if output == "json":
        typer.echo(json.dumps(found, indent=2))
        return
    if output != "table":
        raise typer.BadParameter("--format is table or json")
    for r in found:
        answer = r["last_status_code"] or str(r["last_error"])[:40] or "-"
        typer.echo(
            f"{r['id']}\t{r['kind']}\t{r['event_type'] or '-'}\t{r['ticket'] or '-'}\t"
            f"{r['status']}\t{r['attempts']}\t{answer}\t{r['to']}"
        )


@delivery_app.command("replay")
def replay(
    delivery_id: Annotated[int, typer.Argument(help="The id `delivery list` shows.")],
    reason: Annotated[str, typer.Option("--reason", help="Why, for the audit trail.")] = "",
) -> None:
    """Send a delivery again (the worker sends it next)."""
    setup_django()
    from django.utils import timezone

    from podium.apps.operations.selectors import delivery_log
    from podium.apps.operations.services import hub
    from podium.core.tmf621 import TmfInputError

    delivery = delivery_log(None).filter(pk=delivery_id).first()
    if delivery is None:
        raise _fail(f"{delivery_id}: no delivery has this id")
    try:
        hub.replay(acting_user=None, delivery=delivery, now=timezone.now(), reason=reason)
    except TmfInputError as error:
        raise _fail(str(error)) from error
    err.print(f"Delivery {delivery_id} is due again; `podium worker` sends it.")


def register(app: typer.Typer) -> None:
    app.add_typer(endpoint_app)
    app.add_typer(delivery_app)
