"""`podium analyze FILE`: the collaboration analysis of an event log, without a database.

It calls the core engine directly and never imports Django, so it starts fast and runs on a
laptop next to a spreadsheet export. Machine output (table, JSON or HTML) goes to stdout or
``--out``; the progress bar and errors go to stderr.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from podium.cli.reading import (
    COLUMN_HELP,
    DEFAULT_MAX_INPUT,
    MAX_INPUT_ENV,
    MAX_INPUT_HELP,
    PAUSE_HELP,
    PRESET_HELP,
    TARGET_CLOCK_HELP,
    TARGETS_HELP,
    WAITING_HELP,
    byte_size,
    check_preset,
    column_mapping,
    convention_overrides,
    fail,
    fail_on,
    read_log,
)

if TYPE_CHECKING:
    from rich.table import Table

    from podium.core.analysis import AnalysisResult
    from podium.core.reports import ReportTable

__all__ = ["DEFAULT_MAX_INPUT", "analyze", "register"]

TERMINAL_TABLES = (
    "summary",
    "rules",
    "targets",
    "parties",
    "handovers",
    "ping-pong",
    "push-to-front",
    "waiting-states",
    "clocks",
    "tool-verdict",
)


class OutputFormat(StrEnum):
    table = "table"
    json = "json"
    html = "html"


class InputError(Exception):
    """Bad input found while running: printed as a message with a hint, exit code 1."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.hint = hint


def analyze(
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
    preset: Annotated[
        str | None,
        typer.Option(help=PRESET_HELP),
    ] = None,
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
    waiting: Annotated[str | None, typer.Option(help=WAITING_HELP)] = None,
    pause: Annotated[str | None, typer.Option(help=PAUSE_HELP)] = None,
    targets: Annotated[str | None, typer.Option(help=TARGETS_HELP)] = None,
    target_clock: Annotated[
        str | None, typer.Option(metavar="business|calendar", help=TARGET_CLOCK_HELP)
    ] = None,
    tool_verdict: Annotated[
        str | None,
        typer.Option(
            metavar="COLUMN",
            help="Column with the tool's own SLA result per ticket, compared with Podium's "
            "(default: the preset's, e.g. ServiceNow made_sla).",
        ),
    ] = None,
    tool_verdict_means: Annotated[
        str | None,
        typer.Option(metavar="met|breached", help="What a true value in that column says."),
    ] = None,
    calendar: Annotated[
        str, typer.Option(help="Business calendar: 24x7, NL, DE-BY, US-CA, ...")
    ] = "24x7",
    tz: Annotated[
        str | None, typer.Option("--tz", help="IANA zone for timestamps without an offset.")
    ] = None,
    date_format: Annotated[
        str | None, typer.Option(help="strftime format when dates are ambiguous.")
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option(help="ISO instant with offset to evaluate clocks at; default: last event."),
    ] = None,
    output: Annotated[
        OutputFormat, typer.Option("--format", help="table, json or html.")
    ] = OutputFormat.table,
    out: Annotated[
        Path | None, typer.Option(dir_okay=False, help="Write the output here, not stdout.")
    ] = None,
    top: Annotated[int, typer.Option(min=1, help="Rows in the ranked tables.")] = 20,
    max_input_bytes: Annotated[
        str,
        typer.Option(
            envvar=MAX_INPUT_ENV,
            metavar="SIZE",
            help=MAX_INPUT_HELP,
        ),
    ] = DEFAULT_MAX_INPUT,
) -> None:
    """Analyse an event log: hand-overs, ping-pong, push-to-front, waiting, time in hands, clocks."""
    from podium.core.analysis import run_analysis
    from podium.core.calendars import CalendarError, calendar_preset
    from podium.core.eventlog import EventLogError, file_kind

    check_preset(preset)
    max_bytes = byte_size(max_input_bytes)
    columns = column_mapping(mapping, case, timestamp, activity, party, team, resource)
    overrides = convention_overrides(
        mapping, waiting, pause, targets, target_clock, tool_verdict, tool_verdict_means
    )
    try:
        business_calendar = calendar_preset(calendar)
    except CalendarError as error:
        raise typer.BadParameter(str(error), param_hint="--calendar") from None
    instant = _instant(as_of)
    log = read_log(
        file, preset=preset, mapping=columns, tz=tz, date_format=date_format, max_bytes=max_bytes
    )
    from podium.core.eventlog.conventions import conventions_for

    rules = overrides.applied_to(conventions_for(log.preset))
    try:
        result = run_analysis(log, business_calendar, as_of=instant, conventions=rules)
    except EventLogError as error:
        fail_on(error)
    except (CalendarError, ValueError) as error:
        fail(f"{file.name}: {error}", "see docs/metrics.md for the clock rules")
    details = {
        "file": str(file),
        "kind": file_kind(file),
        "preset": preset or log.preset,
        "mapping": str(mapping) if mapping else None,
        "calendar": calendar,
        "tz": tz,
    }
    _emit(result, output, out, top, details)


def _instant(text: str | None) -> dt.datetime | None:
    if text is None:
        return None
    try:
        value = dt.datetime.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(
            f"{text!r} is not an ISO 8601 instant", param_hint="--as-of"
        ) from None
    if value.tzinfo is None:
        raise typer.BadParameter(
            f"{text!r} has no UTC offset; add one, e.g. {text}+00:00", param_hint="--as-of"
        )
    return value.astimezone(dt.UTC)


def _emit(
    result: AnalysisResult,
    output: OutputFormat,
    out: Path | None,
    top: int,
    details: dict[str, str | None],
) -> None:
    if output is OutputFormat.json:
        payload = {**result.to_dict(top=top), "input": details}
        text = json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
    elif output is OutputFormat.html:
        from podium.core.reports import render_html_report

        shown = {k.capitalize(): v for k, v in details.items() if v is not None}
        text = render_html_report(result, top=top, details=shown)
    else:
        text = _terminal_text(result, top, out is None)
    if out is None:
        sys.stdout.write(text)
        return
    try:
        out.write_text(text, encoding="utf-8")
    except OSError as error:
        fail(f"{out}: cannot write: {error.strerror}", "choose a writable --out path")
    sys.stderr.write(f"wrote {out}\n")  # plain text: rich is not imported for this line


def _terminal_text(result: AnalysisResult, top: int, to_terminal: bool) -> str:
    """Rich tables: drawn live on a terminal, else recorded as plain text (no colour codes)."""
    from rich.console import Console

    from podium.core.reports import report_tables

    tables = report_tables(result, top)
    live = to_terminal and sys.stdout.isatty()
    console = Console() if live else Console(record=True, file=io.StringIO(), width=120)
    for key in TERMINAL_TABLES:
        console.print(_rich_table(tables[key]))
    return "" if live else console.export_text(styles=False)


def _rich_table(table: ReportTable) -> Table:
    from rich.table import Table

    shown = Table(title=table.title, caption=table.caption, title_justify="left")
    for column in table.columns:
        numeric = column.kind != "text"
        shown.add_column(column.label, justify="right" if numeric else "left")
    for cells in table.text_rows():
        shown.add_row(*cells)
    return shown


def register(app: typer.Typer) -> None:
    app.command("analyze")(analyze)
