"""`podium changes import FILE --party SLUG`: a party's planned changes from its tool's CSV
export (a ServiceNow change_request list, or Podium's own columns) into the change calendar.

Idempotent: the tool's number is the key, so importing a file again changes nothing. All or
nothing: if any row is rejected nothing is written, and every rejection is listed with its
file, row, column and field. ``--dry-run`` reads, checks and plans everything and writes
nothing; ``--submit`` submits the new changes (asking the approvers the responsibility matrix
names). The summary goes to stderr; ``--format json`` writes it to stdout. Exit 0: imported
(or would be); 1: a file that cannot be read, an unknown party, or rejected rows; 2: usage.
"""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from podium.cli.django_setup import setup_django
from podium.cli.reading import err, fail

SHOWN_REJECTIONS = 20
MAX_FILE_BYTES = 32 << 20
"""A change export is a few thousand rows; anything this large is not one."""

changes_app = typer.Typer(
    name="changes",
    help="The change calendar: import a party's planned changes.",
    no_args_is_help=True,
)


class Output(StrEnum):
    text = "text"
    json = "json"


@changes_app.command("import")
def import_changes(
    file: Annotated[
        Path,
        typer.Argument(
            exists=True, dir_okay=False, readable=True, metavar="FILE", help="CSV export."
        ),
    ],
    party: Annotated[str, typer.Option("--party", help="Slug of the implementer party.")],
    tz: Annotated[
        str | None, typer.Option("--tz", help="IANA zone of times written without an offset.")
    ] = None,
    submit: Annotated[
        bool, typer.Option("--submit", help="Submit the new changes for approval.")
    ] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Read, check and plan; write nothing.")
    ] = False,
    output: Annotated[
        Output, typer.Option("--format", help="text (summary on stderr) or json (on stdout).")
    ] = Output.text,
) -> None:
    """Import a party's planned changes from a CSV file (idempotent; all or nothing)."""
    from podium.core.change_import import ChangeFileError, read_changes_csv

    if file.stat().st_size > MAX_FILE_BYTES:
        fail(f"{file.name}: larger than {MAX_FILE_BYTES >> 20} MiB", "split the export")
    try:
        text = file.read_bytes().decode("utf-8")
    except UnicodeDecodeError as error:
        at = error.object[: error.start].count(b"\n") + 1
        fail(f"{file.name}, row {at}: not UTF-8 text", "export the file as UTF-8 CSV")
    try:
        read = read_changes_csv(text, tz=tz)
    except ChangeFileError as error:
        fail(f"{file.name}: {error}", "see docs/changes.md for the columns a file may have")
    setup_django()
    from podium.apps.changes.services.imports import import_changes as run
    from podium.apps.ecosystem import selectors as ecosystem

    implementer = ecosystem.party_by_slug(party)
    if implementer is None:
        fail(f"--party {party}: no party with that slug", "see the parties with their slugs")
    summary = run(
        acting_user=None, implementer=implementer, read=read, submit=submit, dry_run=dry_run
    )
    problems = sorted(summary.problems, key=lambda p: (p.row, p.column))
    for problem in problems[:SHOWN_REJECTIONS]:
        err.print(
            f"[bold red]rejected:[/] {problem.where(file.name)} ({problem.field}): "
            f"{problem.message}",
            highlight=False,
            soft_wrap=True,
        )
    if len(problems) > SHOWN_REJECTIONS:
        more = len(problems) - SHOWN_REJECTIONS
        err.print(f"… and {more:,} more (--format json lists every one)", highlight=False)
    counts = summary.counts()
    if problems:
        err.print(
            f"{file.name} for {implementer.slug}: {counts['rejected']} rows rejected, so nothing "
            f"{'would be' if dry_run else 'was'} written: fix the places above and import again",
            highlight=False,
            soft_wrap=True,
        )
    else:
        verb = "would plan" if dry_run else "planned"
        err.print(
            f"{file.name} for {implementer.slug}: {verb} {counts['created']} changes, "
            f"updated {counts['updated']}, {counts['skipped']} already there (skipped)",
            highlight=False,
            soft_wrap=True,
        )
        if dry_run:
            err.print("dry run: nothing was written", highlight=False)
    if output is Output.json:
        answer = {
            "file": str(file),
            "party": implementer.slug,
            "dry_run": dry_run,
            "written": summary.written,
            **counts,
            "changes": {
                "created": summary.created,
                "updated": summary.updated,
                "skipped": summary.skipped,
            },
            "rejections": [
                {"row": p.row, "column": p.column, "field": p.field, "message": p.message}
                for p in problems
            ],
        }
        typer.echo(json.dumps(answer, ensure_ascii=False, indent=2))
    if problems:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.add_typer(changes_app)
