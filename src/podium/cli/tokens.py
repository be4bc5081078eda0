"""`podium token create|list|revoke`: integration tokens with which a party's tool calls the
TMF621 API and the bulk events endpoint.

A token is printed once, on stdout, and only its hash is kept; `list` shows how tokens start and
when they were last used. Exit 0 ok, 1 an unknown party or token, 2 usage.
"""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.console import Console

from podium.cli.django_setup import setup_django

err = Console(stderr=True, highlight=False)
token_app = typer.Typer(
    name="token",
    help="Create, list or revoke a party's integration tokens.",
    no_args_is_help=True,
)


def _fail(message: str) -> typer.Exit:
    err.print(f"[bold red]error:[/] {message}", markup=True, soft_wrap=True)
    return typer.Exit(1)


@token_app.command("create")
def create(
    party: Annotated[str, typer.Option("--party", help="Slug of the party whose tool it is.")],
    name: Annotated[str, typer.Option("--name", help="Which tool, e.g. 'ServiceNow prod'.")],
    requests_per_minute: Annotated[
        int | None,
        typer.Option("--requests-per-minute", help="Rate limit (default 600); 429 beyond it."),
    ] = None,
) -> None:
    """Make a token for a party's tool and print it once."""
    setup_django()
    from django.core.exceptions import ValidationError
    from django.utils import timezone

    from podium.apps.ecosystem import selectors as ecosystem
    from podium.apps.operations.services import credentials

    row = ecosystem.party_by_slug(party)
    if row is None:
        raise _fail(f"--party {party}: no party with that slug")
    try:
        credential, token = credentials.create_credential(
            acting_user=None,
            party=row,
            name=name,
            now=timezone.now(),
            requests_per_minute=requests_per_minute,
        )
    except ValidationError as error:
        raise _fail(" ".join(error.messages)) from error
    err.print(
        f"Token {credential.token_prefix}… for {row.name} ({name}). It is shown this once; "
        "keep it in the tool's secret store."
    )
    typer.echo(token)


@token_app.command("list")
def list_tokens(
    party: Annotated[str | None, typer.Option("--party", help="Only this party's.")] = None,
    output: Annotated[str, typer.Option("--format", help="table or json.")] = "table",
) -> None:
    """The tokens (never the secret): party, name, how it starts, last use, revoked."""
    setup_django()
    from podium.apps.operations.selectors import all_credentials

    rows = [
        {
            "party": c.party.slug,
            "name": c.name,
            "starts": c.token_prefix,
            "created_at": c.created_at.isoformat(),
            "last_used_at": c.last_used_at.isoformat() if c.last_used_at else None,
            "revoked_at": c.revoked_at.isoformat() if c.revoked_at else None,
        }
        for c in all_credentials(party)
    ]
    if output == "json":
        typer.echo(json.dumps(rows, indent=2))
        return
    if output != "table":
        raise typer.BadParameter("--format is table or json")
    for r in rows:
        state = f"revoked {r['revoked_at']}" if r["revoked_at"] else "live"
        used = r["last_used_at"] or "never used"
        typer.echo(f"{r['party']}\t{r['name']}\t{r['starts']}…\t{state}\t{used}")


@token_app.command("revoke")
def revoke(
    starts: Annotated[str, typer.Argument(help="How the token starts (as `list` shows it).")],
) -> None:
    """Refuse a token from now on."""
    setup_django()
    from django.utils import timezone

    from podium.apps.operations.selectors import all_credentials
    from podium.apps.operations.services import credentials

    found = [c for c in all_credentials(None) if c.token_prefix == starts and c.is_live]
    if len(found) != 1:
        raise _fail(f"{starts}: {'no' if not found else 'more than one'} live token starts so")
    credentials.revoke_credential(acting_user=None, credential=found[0], now=timezone.now())
    err.print(f"Revoked {found[0]}.")


def register(app: typer.Typer) -> None:
    app.add_typer(token_app)
