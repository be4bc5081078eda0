"""`podium convert FILE --to xes|ocel|parquet|csv --out OUT`: an event log in another format.

The file is read exactly as `podium analyze` reads it (preset, column mapping, time zone,
date format, input limit) and written by the engine's writers, without a database. The output
is written beside its destination first and moved into place only when complete, so a failed
or interrupted run never leaves half a file under the name asked for.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from podium.cli.reading import (
    COLUMN_HELP,
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
    from podium.core.eventlog import EventLog, ProgressCallback

__all__ = ["convert", "register"]

PROGRESS_MIN_EVENTS = 200_000
"""Below this many events every writer finishes in about a second: no bar."""


class Target(StrEnum):
    xes = "xes"
    ocel = "ocel"
    parquet = "parquet"
    csv = "csv"


def convert(
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
    to: Annotated[Target, typer.Option("--to", help="xes (.xes.gz: gzipped), ocel, parquet, csv.")],
    out: Annotated[Path, typer.Option(dir_okay=False, help="The file to write.")],
    preset: Annotated[str | None, typer.Option(help=PRESET_HELP)] = None,
    case: Annotated[str | None, typer.Option(help=f"Case id {COLUMN_HELP}")] = None,
    timestamp: Annotated[str | None, typer.Option(help=f"Timestamp {COLUMN_HELP}")] = None,
    activity: Annotated[str | None, typer.Option(help=f"Activity or status {COLUMN_HELP}")] = None,
    party: Annotated[str | None, typer.Option(help=f"Party {COLUMN_HELP}")] = None,
    team: Annotated[str | None, typer.Option(help=f"Team {COLUMN_HELP}")] = None,
    resource: Annotated[str | None, typer.Option(help=f"Resource {COLUMN_HELP}")] = None,
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
) -> None:
    """Convert an event log: a tool's export to XES, OCEL 2.0, Parquet or Podium's CSV."""
    check_preset(preset)
    max_bytes = byte_size(max_input_bytes)
    columns = column_mapping(mapping, case, timestamp, activity, party, team, resource)
    if out.resolve() == file.resolve():
        raise typer.BadParameter("write to another file than the one read", param_hint="--out")
    log = read_log(
        file, preset=preset, mapping=columns, tz=tz, date_format=date_format, max_bytes=max_bytes
    )
    try:
        with _staged(out) as staging, _event_bar(log, to) as progress:
            _write(log, to, staging, progress)
    except OSError as error:
        fail(f"{out}: cannot write: {error.strerror}", "choose a writable --out path")
    err.print(
        f"wrote {out} ({to.value}, {log.event_count:,} events, {log.case_count:,} cases)",
        highlight=False,
    )


def _write(log: EventLog, to: Target, path: Path, progress: ProgressCallback | None) -> None:
    from podium.core.eventlog import write_csv, write_ocel, write_parquet, write_xes

    if to is Target.xes:
        write_xes(log, path, progress=progress)
    elif to is Target.ocel:
        write_ocel(log, path, progress=progress)
    elif to is Target.parquet:
        write_parquet(log, path)
    else:
        write_csv(log, path)


@contextmanager
def _staged(out: Path) -> Iterator[Path]:
    """A temporary name beside ``out`` (same suffixes, so gzip is chosen alike), renamed onto
    ``out`` only once the writer finished; removed if it did not."""
    staging = out.with_name(f".{out.name}.partial-{os.getpid()}{''.join(out.suffixes)}")
    try:
        yield staging
        staging.replace(out)
    finally:
        staging.unlink(missing_ok=True)


@contextmanager
def _event_bar(log: EventLog, to: Target) -> Iterator[ProgressCallback | None]:
    """An event-progress bar on stderr while a large log is written, when a person watches."""
    if (
        not err.is_terminal
        or log.event_count < PROGRESS_MIN_EVENTS
        or to
        not in (
            Target.xes,
            Target.ocel,
        )
    ):
        yield None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    with Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=err,
        transient=True,
    ) as bar:
        task = bar.add_task(f"Writing {to.value}", total=log.event_count)

        def report(done: int, total: int | None) -> None:
            bar.update(task, completed=done, total=total)

        yield report


def register(app: typer.Typer) -> None:
    app.command("convert")(convert)
