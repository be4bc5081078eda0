"""`podium import FILE --party SLUG`: a party's tool export into the live database, through
the engine's readers (every format and preset `podium analyze` reads) and the same service as
`POST /api/v1/events`.

Idempotent: importing a file again stores nothing new (`skipped`). All or nothing: if any event
is rejected, nothing is written and every rejection is listed with its file, row (or XES line)
and column; `--partial` writes the valid events anyway. `--dry-run` reads, checks and plans
everything and writes nothing. The summary goes to stderr; `--format json` writes it, every
rejection included, to stdout. Exit 0: everything imported (or would be); 1: a file that cannot
be read, an unknown party, or rejected events; 2: usage.
"""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from podium.cli.django_setup import setup_django
from podium.cli.reading import (
    DEFAULT_MAX_INPUT,
    MAX_INPUT_ENV,
    MAX_INPUT_HELP,
    PRESET_HELP,
    byte_size,
    check_preset,
    column_mapping,
    err,
    fail,
    read_log,
)

if TYPE_CHECKING:
    import polars as pl

    from podium.apps.operations.services.events import IngestSummary
    from podium.core.eventlog import EventLog

SHOWN_REJECTIONS = 20
EXTRA_COLUMNS = {
    "owner": ("owner",),
    "priority": ("priority",),
    "title": ("title", "short_description", "summary"),
    "service": ("service",),
    "component": ("component",),
}
"""Columns a file may have beyond the mapped ones, and the names they go by."""


class Output(StrEnum):
    text = "text"
    json = "json"


def import_events(
    file: Annotated[
        Path,
        typer.Argument(
            exists=True,
            dir_okay=False,
            readable=True,
            metavar="FILE",
            help="Event log: CSV, XES(.gz), Parquet.",
        ),
    ],
    party: Annotated[str, typer.Option("--party", help="Slug of the party whose tool wrote it.")],
    owner: Annotated[
        str | None,
        typer.Option(help="Correlation owner of its cases; default: the party's slug."),
    ] = None,
    preset: Annotated[
        str | None,
        typer.Option(help=PRESET_HELP),
    ] = None,
    case: Annotated[str | None, typer.Option(help="Generic CSV: case id column.")] = None,
    timestamp: Annotated[str | None, typer.Option(help="Generic CSV: timestamp column.")] = None,
    activity: Annotated[
        str | None, typer.Option(help="Generic CSV: activity or status column.")
    ] = None,
    party_column: Annotated[
        str | None, typer.Option("--party-column", help="Generic CSV: party column.")
    ] = None,
    team: Annotated[str | None, typer.Option(help="Generic CSV: team column.")] = None,
    resource: Annotated[str | None, typer.Option(help="Generic CSV: resource column.")] = None,
    mapping: Annotated[
        Path | None,
        typer.Option(exists=True, dir_okay=False, help="YAML column mapping (case: ..., ...)."),
    ] = None,
    tz: Annotated[
        str | None, typer.Option("--tz", help="IANA zone for timestamps without an offset.")
    ] = None,
    date_format: Annotated[
        str | None, typer.Option(help="strftime format when dates are ambiguous.")
    ] = None,
    max_input_bytes: Annotated[
        str, typer.Option(envvar=MAX_INPUT_ENV, metavar="SIZE", help=MAX_INPUT_HELP)
    ] = DEFAULT_MAX_INPUT,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Read, check and count; write nothing.")
    ] = False,
    partial: Annotated[
        bool,
        typer.Option("--partial", help="Write the valid events even if others are rejected."),
    ] = False,
    output: Annotated[
        Output, typer.Option("--format", help="text (summary on stderr) or json (on stdout).")
    ] = Output.text,
) -> None:
    """Import a party's event log into Podium's tickets (idempotent; all or nothing)."""
    check_preset(preset)
    max_bytes = byte_size(max_input_bytes)
    columns = column_mapping(mapping, case, timestamp, activity, party_column, team, resource)
    setup_django()
    from django.utils import timezone

    from podium.apps.ecosystem import selectors as ecosystem
    from podium.apps.operations.services import events
    from podium.core.eventlog import file_kind

    sender = ecosystem.party_by_slug(party)
    if sender is None:
        fail(f"--party {party}: no party with that slug", "see the parties with their slugs")
    log = read_log(
        file, preset=preset, mapping=columns, tz=tz, date_format=date_format, max_bytes=max_bytes
    )
    frame, sources = _events_frame(log)
    summary = events.import_events(
        sender=sender,
        events=frame,
        now=timezone.now(),
        file_name=file.name,
        kind=file_kind(file),
        owner=owner,
        partial=partial,
        dry_run=dry_run,
    )
    rejections = _placed(log, sources, summary)
    _report(file, sender.slug, summary, rejections, dry_run=dry_run, partial=partial)
    if output is Output.json:
        answer = {
            "file": str(file),
            "party": sender.slug,
            "dry_run": dry_run,
            "partial": partial,
            "written": summary.written,
            **summary.counts(),
            "rejected": rejections,
        }
        typer.echo(json.dumps(answer, ensure_ascii=False, indent=2))
    if summary.rejected:
        raise typer.Exit(1)


def _events_frame(log: EventLog) -> tuple[pl.DataFrame, dict[str, str]]:
    """The log's events with the columns the load uses beyond the canonical ones, and the
    source column of each field (for naming places)."""
    import polars as pl

    from podium.core.eventlog import CANONICAL_COLUMNS
    from podium.core.eventlog.mapping import pick

    origin = log.origin
    sources = {
        name: column if not column.startswith("__") else f"{name} (derived)"
        for name, column in (origin.columns.items() if origin else ())
    }
    attributes = [c for c in log.frame.columns if c not in CANONICAL_COLUMNS]
    extras = []
    for name, candidates in EXTRA_COLUMNS.items():
        column = pick(attributes, *candidates)
        if column is not None:
            extras.append(pl.col(column).cast(pl.String).alias(name))
            sources[name] = column
    frame = log.frame.select(*[c for c in CANONICAL_COLUMNS if c != "line"], *extras)
    return frame, sources


def _placed(log: EventLog, sources: dict[str, str], summary: IngestSummary) -> list[dict[str, Any]]:
    origin = log.origin
    unit = origin.unit if origin else "row"
    places = origin.where(sorted({p.seq for p in summary.rejected})) if origin else {}
    return [
        {
            unit: places.get(p.seq),
            "column": sources.get(p.field, p.field),
            "field": p.field,
            "message": p.message,
        }
        for p in summary.rejected
    ]


def _report(
    file: Path,
    party: str,
    summary: IngestSummary,
    rejections: list[dict[str, Any]],
    *,
    dry_run: bool,
    partial: bool,
) -> None:
    for rejection in rejections[:SHOWN_REJECTIONS]:
        unit = "line" if "line" in rejection else "row"
        where = f'{file.name}, {unit} {rejection[unit]}, column "{rejection["column"]}"'
        err.print(f"[bold red]rejected:[/] {where}: {rejection['message']}", highlight=False,
                  soft_wrap=True)  # fmt: skip
    if len(rejections) > SHOWN_REJECTIONS:
        more = len(rejections) - SHOWN_REJECTIONS
        err.print(f"… and {more:,} more (--format json lists every one)", highlight=False)
    if summary.rejected and not partial:
        err.print(
            f"{file.name} for {party}: {summary.rejected_events:,} events rejected, so nothing "
            f"{'would be' if dry_run else 'was'} written: fix the places above and import "
            "again, or pass --partial to write the valid events",
            highlight=False,
            soft_wrap=True,
        )
        return
    verb = "would store" if dry_run else "stored"
    err.print(
        f"{file.name} for {party}: {verb} {summary.stored:,} events — {summary.created:,} tickets "
        f"created, {summary.updated:,} updated; {summary.skipped:,} events already there "
        f"(skipped), {summary.rejected_events:,} rejected",
        highlight=False,
        soft_wrap=True,
    )
    if dry_run:
        err.print("dry run: nothing was written", highlight=False)


def register(app: typer.Typer) -> None:
    app.command("import")(import_events)
