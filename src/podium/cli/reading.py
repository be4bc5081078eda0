"""What commands that read an event log share: `podium analyze` (no Django) and `podium
import` (into the live database) take the same file, preset, column mapping, time zone and
input limit, and report a bad file the same way — the file, row and column, and a hint."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import typer

if TYPE_CHECKING:
    from rich.console import Console

    from podium.core.eventlog import ColumnMapping, EventLog, ProgressCallback
    from podium.core.eventlog.conventions import Overrides


class _Stderr:
    """The stderr console, made on first use: a run that prints nothing to stderr (``podium
    analyze --format json`` to stdout) never imports rich."""

    _console: Console | None = None

    def __getattr__(self, name: str) -> Any:
        if self._console is None:
            from rich.console import Console

            self._console = Console(stderr=True)
        return getattr(self._console, name)


err: Console = _Stderr()  # type: ignore[assignment]

PROGRESS_MIN_BYTES = 8 << 20
"""Files smaller than this load in well under a second: a bar would only flicker."""

MAX_INPUT_ENV = "PODIUM_MAX_INPUT_BYTES"
DEFAULT_MAX_INPUT = "1G"
"""podium.core.eventlog.DEFAULT_MAX_INPUT_BYTES, spelled for --help without importing the core."""
MAX_INPUT_HELP = (
    "Stop reading once the input passes this size after decompression, so a small "
    ".gz that expands to gigabytes cannot exhaust memory: bytes, or 512M, 2G "
    "(powers of 1024). Parquet: the uncompressed size its footer declares."
)

PRESET_HELP = (
    "The exporting tool (podium, bpic2013, servicenow, jira; generic with column flags): "
    "names its columns or XES keys and recodes its values, for CSV, XES and Parquet alike; "
    "guessed from the columns when left out."
)
COLUMN_HELP = "column (CSV, Parquet) or XES key (case:<key> for a trace attribute)."


def check_preset(preset: str | None) -> None:
    from podium.core.eventlog import PRESET_NAMES

    if preset is not None and preset not in PRESET_NAMES:
        raise typer.BadParameter(f"choose one of {', '.join(PRESET_NAMES)}", param_hint="--preset")


def read_log(
    file: Path,
    *,
    preset: str | None,
    mapping: ColumnMapping | None,
    tz: str | None,
    date_format: str | None,
    max_bytes: int,
) -> EventLog:
    """The file read by the engine's readers; a file that cannot be read exits 1 naming the
    place (file, row, column) with a hint."""
    from podium.core.eventlog import EventLogError, InputTooLargeError, read_event_log

    try:
        with progress_bar(file) as progress:
            return read_event_log(
                file,
                preset=preset,
                mapping=mapping,
                tz=tz,
                date_format=date_format,
                progress=progress,
                max_bytes=max_bytes,
            )
    except InputTooLargeError as error:
        fail(
            str(error),
            f"if the file is genuine, raise the limit with --max-input-bytes or {MAX_INPUT_ENV}, "
            "e.g. --max-input-bytes 4G",
        )
    except EventLogError as error:
        fail_on(error)


def fail_on(error: Exception) -> NoReturn:
    """Exit 1 with the reader's message in the CLI's words and the hint that fits it."""
    message = cli_words(str(error))
    fail(message, hint(message))


def cli_words(message: str) -> str:
    """The engine names its Python keywords (``tz=``); on the command line they are flags.

    >>> cli_words('no UTC offset; give tz= the zone (e.g. tz="Europe/Amsterdam")')
    'no UTC offset; give --tz the zone (e.g. --tz "Europe/Amsterdam")'
    >>> cli_words("give date_format= (e.g. ...); give either preset='jira' or a column mapping")
    "give --date-format (e.g. ...); give either --preset 'jira' or --case/--timestamp/--activity"
    """
    for keyword, flag in (
        ("date_format=", "--date-format "),
        ("tz=", "--tz "),
        ("preset=", "--preset "),
    ):
        message = message.replace(keyword, flag)
    message = message.replace(" ,", ",").replace("  ", " ")
    return message.replace("or a column mapping", "or --case/--timestamp/--activity")


MAPPING_KEYS_HINT = (
    "keys: case, timestamp, activity, party, team, resource, sub_status, line; "
    "waiting, pause, targets, target_clock, priority (docs/eventlog.md)"
)


def column_mapping(mapping_file: Path | None, *columns: str | None) -> ColumnMapping | None:
    """The mapping from flags or from a YAML file; flags and a file naming columns together
    are a usage error (a file that sets only waiting states or targets goes with either)."""
    from podium.core.eventlog import ColumnMapping, EventLogError
    from podium.core.eventlog.mapping import load_yaml_mapping

    case, timestamp, activity, party, team, resource = columns
    if mapping_file is not None:
        try:
            loaded = ColumnMapping.from_loaded(load_yaml_mapping(mapping_file), mapping_file.name)
        except EventLogError as error:
            fail(str(error), MAPPING_KEYS_HINT)
        if loaded is not None and any(columns):
            raise typer.BadParameter(
                "give column flags or --mapping, not both", param_hint="--mapping"
            )
        if loaded is not None:
            return loaded
    if not any(columns):
        return None
    if not (case and timestamp and activity):
        raise typer.BadParameter(
            "a generic mapping needs --case, --timestamp and --activity", param_hint="--case"
        )
    return ColumnMapping(
        case=case,
        timestamp=timestamp,
        activity=activity,
        party=party,
        team=team,
        resource=resource,
    )


WAITING_HELP = (
    "States counted as waiting (and, unless --pause is given, pausing the clocks), matched "
    "on the state or the sub-status (hold reason): comma-separated names, /regex/ for a "
    "pattern, e.g. 'Awaiting User Info,Pending,/^Wait/'. Default: the preset's."
)
PAUSE_HELP = "States that pause the SLA and OLA clocks, as --waiting. Default: the preset's."
TARGETS_HELP = (
    "End-to-end targets per priority, e.g. 'P1=4h,P2=8h,P3=3d,*=5d' (* for any other case); "
    "priorities read as the tool writes them (1 - Critical = P1). Default: the preset's, else 24h."
)
TARGET_CLOCK_HELP = "Run targets on the business calendar (business) or 24x7 (calendar)."


def convention_overrides(
    mapping_file: Path | None,
    waiting: str | None,
    pause: str | None,
    targets: str | None,
    target_clock: str | None,
    verdict: str | None = None,
    verdict_means: str | None = None,
) -> Overrides:
    """Waiting and pause states, targets and their clock from the mapping file, then the flags
    (a flag wins over the file)."""
    from podium.core.eventlog import EventLogError
    from podium.core.eventlog.conventions import (
        Overrides,
        StateSet,
        overrides_from_yaml,
        parse_targets,
        target_clock_of,
        verdict_means_of,
    )

    from_file = Overrides()
    if mapping_file is not None:
        try:
            from_file = overrides_from_yaml(mapping_file)
        except EventLogError as error:
            fail(str(error), MAPPING_KEYS_HINT)
    try:
        given = Overrides(
            waiting=StateSet.from_text(waiting, "--waiting") if waiting else None,
            pause=StateSet.from_text(pause, "--pause") if pause else None,
            targets=parse_targets(targets, "--targets") if targets else None,
            target_clock=target_clock_of(target_clock, "--target-clock") if target_clock else None,
            verdict=verdict,
            verdict_means=(
                verdict_means_of(verdict_means, "--tool-verdict-means") if verdict_means else None
            ),
        )
    except EventLogError as error:
        raise typer.BadParameter(str(error)) from None
    return from_file.merged(given)


def byte_size(text: str) -> int:
    from podium.core.eventlog import parse_byte_size

    try:
        return parse_byte_size(text)
    except ValueError as error:
        hint = f"--max-input-bytes / {MAX_INPUT_ENV}"
        raise typer.BadParameter(str(error), param_hint=hint) from None


MAP_FLAGS = (
    "--case, --timestamp and --activity (and --party, --team, --resource), or --mapping FILE"
)

HINTS: tuple[tuple[str, str], ...] = (
    (
        "no utc offset",
        "pass --tz with the zone the tool wrote its times in, e.g. --tz Europe/Amsterdam",
    ),
    ("is not an iana time zone", "pass --tz an IANA zone name, e.g. --tz Europe/Amsterdam"),
    ("day-first or month-first", "pass --date-format, e.g. --date-format '%d/%m/%Y %H:%M'"),
    (
        "not a date layout",
        "pass --date-format with the layout, e.g. --date-format '%d.%m.%Y %H:%M'",
    ),
    ("is not a date in the given format", "fix the cell, or correct --date-format"),
    ("is not a date in the detected format", "fix the cell, or pass --date-format"),
    ("does not exist in", "fix the cell, or pass the --tz the tool really wrote its times in"),
    ("match no preset", f"pass --preset NAME, or map the columns with {MAP_FLAGS}"),
    ("not found; the file has", f"name the columns as the file spells them: {MAP_FLAGS}"),
    ("the generic preset needs", f"map the columns with {MAP_FLAGS}"),
    ("or --case/--timestamp/--activity, not both", "drop --preset, or drop the column flags"),
    ("unknown preset", "pass --preset with one of the names listed"),
    ("needs column", f"pass the --preset of the tool that wrote the file, or map with {MAP_FLAGS}"),
    (
        "a bpic 2013 log needs",
        f"pass the --preset of the tool that wrote the file, or map with {MAP_FLAGS}",
    ),
)


def hint(message: str) -> str:
    """The hint for an error message: the flag that fixes it, spelt as the CLI spells it.

    >>> hint('f.csv, column "When": times such as "1/2" carry no UTC offset; give --tz ...')
    'pass --tz with the zone the tool wrote its times in, e.g. --tz Europe/Amsterdam'
    """
    lowered = message.lower()
    for needle, text in HINTS:
        if needle in lowered:
            return text
    return "fix the file at the place named above; docs/eventlog.md lists what each reader expects"


def fail(message: str, hint: str) -> NoReturn:
    err.print(f"[bold red]error:[/] {message}", markup=True, highlight=False, soft_wrap=True)
    err.print(f"[dim]hint: {hint}[/]", highlight=False, soft_wrap=True)
    raise typer.Exit(1)


def _may_be_terminal() -> bool:
    """Whether stderr can be a terminal to rich, asked without importing rich: a tty, or one
    of the variables rich reads to force one."""
    forced = ("FORCE_TERMINAL", "FORCE_COLOR", "TTY_COMPATIBLE", "JUPYTER_COLUMNS")
    return sys.stderr.isatty() or any(os.environ.get(name) for name in forced)


@contextmanager
def progress_bar(file: Path) -> Iterator[ProgressCallback | None]:
    """A byte-progress bar on stderr for large files when a person is watching."""
    if file.stat().st_size < PROGRESS_MIN_BYTES or not _may_be_terminal() or not err.is_terminal:
        yield None
        return
    from rich.progress import BarColumn, DownloadColumn, Progress, TimeRemainingColumn

    with Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        DownloadColumn(),
        TimeRemainingColumn(),
        console=err,
        transient=True,
    ) as bar:
        task = bar.add_task(f"Reading {file.name}", total=file.stat().st_size)

        def report(done: int, total: int | None) -> None:
            bar.update(task, completed=done, total=total)

        yield report
