"""`podium export xes|ocel|csv|parquet --from DAY --to DAY --out FILE [--party SLUG]`: the
live ticket history as an event log, written by the engine's writers (those of `podium
convert`). With `--party` the export holds what that party's users may export: the tickets it
raised or held. The file reads back through `podium analyze` with the figures the pages show.
Written beside its destination first and moved into place only when complete."""

from __future__ import annotations

import datetime as dt
import os
import time
from pathlib import Path
from typing import Annotated

import typer

from podium.cli.django_setup import setup_django
from podium.cli.reports import OPERATOR, err, fail

EXPORT_FORMATS = ("xes", "ocel", "csv", "parquet")


def instant_option(text: str, name: str) -> dt.datetime:
    """A day (``2026-10-01``, midnight UTC) or an ISO instant with its offset."""
    try:
        if len(text) == 10:
            return dt.datetime.combine(dt.date.fromisoformat(text), dt.time(), tzinfo=dt.UTC)
        value = dt.datetime.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(
            f"{text!r} is not a day (2026-10-01) or an ISO instant with offset", param_hint=name
        ) from None
    if value.tzinfo is None:
        raise typer.BadParameter(f"{text!r} has no UTC offset; add one", param_hint=name)
    return value.astimezone(dt.UTC)


def export(
    kind: Annotated[str, typer.Argument(metavar="xes|ocel|csv|parquet", help="The format.")],
    start: Annotated[
        str, typer.Option("--from", metavar="DAY", help="First day (UTC) or ISO instant.")
    ],
    end: Annotated[
        str,
        typer.Option("--to", metavar="DAY", help="Day (UTC) or instant the export stops before."),
    ],
    out: Annotated[Path, typer.Option("--out", dir_okay=False, help="The file to write.")],
    party: Annotated[
        str | None,
        typer.Option("--party", metavar="SLUG", help="Only what this party may see."),
    ] = None,
) -> None:
    """Export the live ticket history: XES, OCEL 2.0 JSON, CSV or Parquet."""
    if kind not in EXPORT_FORMATS:
        raise typer.BadParameter(
            f"{kind!r} is not one of {', '.join(EXPORT_FORMATS)}", param_hint="FORMAT"
        )
    first = instant_option(start, "--from")
    until = instant_option(end, "--to")
    if until <= first:
        raise typer.BadParameter("--to must come after --from", param_hint="--to")
    setup_django()
    from podium.apps.cockpit.selectors import exports

    chosen = None
    if party is not None:
        chosen = exports.exportable_party(OPERATOR, party)
        if chosen is None:
            raise typer.BadParameter(f"no party {party!r}", param_hint="--party")
    started = time.perf_counter()
    log = exports.export_log(OPERATOR, start=first, end=until, party=chosen)
    staging = out.with_name(f".{out.name}.partial-{os.getpid()}{''.join(out.suffixes)}")
    try:
        exports.write_export(log, exports.ExportFormat(kind), staging)
        staging.replace(out)
    except OSError as error:
        raise fail(
            f"{out}: cannot write: {error.strerror}", "choose a writable --out path"
        ) from None
    finally:
        staging.unlink(missing_ok=True)
    scope = f"what {chosen.slug} may see" if chosen is not None else "every ticket"
    err.print(
        f"wrote {out} ({kind}, {log.event_count:,} events, {log.case_count:,} tickets, {scope}, "
        f"{time.perf_counter() - started:.2f} s)"
    )


def register(app: typer.Typer) -> None:
    app.command("export")(export)
