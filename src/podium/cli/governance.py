"""`podium governance export|apply`: the ecosystem and its rules as one YAML document.

Export prints the document (stdout, or ``--out FILE``); apply reads one, prints what changes and
makes those changes through the services in one transaction (``--dry-run`` rolls them back,
``--prune`` also deletes what the document leaves out). Exit 0 ok, 1 an invalid document or a
refused write (the message names file, YAML path and line), 2 usage.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from podium.cli.django_setup import setup_django

err = Console(stderr=True, highlight=False)
governance_app = typer.Typer(
    name="governance",
    help="Export or apply the ecosystem and its rules as one YAML document.",
    no_args_is_help=True,
)


def _fail(message: str) -> typer.Exit:
    err.print(f"[bold red]error:[/] {message}", markup=True, soft_wrap=True)
    return typer.Exit(1)


@governance_app.command("export")
def export(
    out: Annotated[
        Path | None, typer.Option("--out", help="Write to this file instead of stdout.")
    ] = None,
) -> None:
    """Print the ecosystem as YAML: parties, contracts, services, components, RACI, ladders, forums."""
    setup_django()
    from podium.core import governance_code as gc
    from podium.site import as_code

    started = time.perf_counter()
    doc = as_code.export_document()
    text = gc.render_document(doc)
    if out is None:
        typer.echo(text, nl=False)
    else:
        out.write_text(text, encoding="utf-8")
    counts = ", ".join(f"{n} {name}" for name, n in doc.counts().items())
    err.print(f"exported {counts} in {time.perf_counter() - started:.2f} s")


@governance_app.command("apply")
def apply(
    file: Annotated[Path, typer.Argument(help="The YAML document to apply.")],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Print the changes, write nothing.")
    ] = False,
    prune: Annotated[
        bool,
        typer.Option("--prune", help="Also delete objects the document leaves out."),
    ] = False,
) -> None:
    """Make the database say what FILE says: idempotent, all or nothing."""
    from podium.core import governance_code as gc

    try:
        if file.stat().st_size > gc.MAX_DOCUMENT_BYTES:
            raise _fail(str(gc.oversize_error(str(file))))
        text = file.read_text(encoding="utf-8")
    except OSError as error:
        raise _fail(f"{file}: cannot read ({error.strerror})") from error
    except UnicodeDecodeError as error:
        at = error.object[: error.start].count(b"\n") + 1
        raise _fail(f"{file}:{at}: not UTF-8 text ({error.reason})") from error
    setup_django()
    from podium.site import as_code

    try:
        doc = as_code.parse(text, str(file))
    except gc.DocumentError as error:
        raise _fail(str(error)) from error
    started = time.perf_counter()
    try:
        changes = as_code.apply_document(doc, dry_run=dry_run, prune=prune)
    except as_code.ApplyError as error:
        line = gc.line_of_path(text, error.path)
        where = f"{file}:{line}" if line is not None else str(file)
        raise _fail(f"{where}: {error.path}: {error.reason} (nothing was applied)") from error
    typer.echo(gc.render_changes(changes, prune=prune))
    verb = "checked" if dry_run else "applied"
    err.print(
        f"{verb} in {time.perf_counter() - started:.2f} s"
        + (" — dry run, nothing written" if dry_run else "")
    )


def register(app: typer.Typer) -> None:
    app.add_typer(governance_app)
