"""CSV event logs, from any tool with a preset or from a column mapping."""

from __future__ import annotations

import csv
from dataclasses import replace
from pathlib import Path

import polars as pl

from podium.core.eventlog.limits import DEFAULT_MAX_INPUT_BYTES
from podium.core.eventlog.mapping import AT, SEQ, ColumnMapping, to_event_log
from podium.core.eventlog.presets import PRESETS, ReadContext, check_choice, preset_for_header
from podium.core.eventlog.progress import ProgressCallback, open_source, read_all_bytes
from podium.core.eventlog.schema import EventLog, EventLogError

SEPARATORS = (",", ";", "\t", "|")


def decode(data: bytes, encoding: str | None, source: str) -> str:
    """Text of the file: the given encoding, else UTF-8 (BOM allowed), else cp1252.

    cp1252 is the fallback because spreadsheet and Windows exports (BPIC 2013 among them) use
    it, and it decodes almost any byte, so a wrong guess shows as odd letters, never a crash.
    """
    if encoding is not None:
        try:
            return data.decode(encoding)
        except (UnicodeDecodeError, LookupError) as error:
            raise EventLogError(f"{source}: cannot decode as {encoding}: {error}") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def sniff_separator(header: str) -> str:
    """The separator occurring most often in the header row.

    >>> sniff_separator("SR Number;Change Date+Time;Status")
    ';'
    """
    return max(SEPARATORS, key=header.count)


def header_of(text: str, separator: str) -> list[str]:
    first = text.split("\n", 1)[0].rstrip("\r")
    return next(csv.reader([first], delimiter=separator))


def read_header(path: str | Path, encoding: str | None = None) -> list[str]:
    """Column names of a CSV file, reading only its start (for preset guessing)."""
    path = Path(path)
    with open_source(path, None, max_bytes=None) as stream:
        start = stream.read(64 * 1024)
    text = decode(start, encoding, path.name) if encoding else _decode_prefix(start)
    return header_of(text, sniff_separator(text.split("\n", 1)[0]))


def _decode_prefix(start: bytes) -> str:
    try:
        return start.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        if error.start >= len(start) - 3:  # a character cut at the end of the prefix
            return start[: error.start].decode("utf-8-sig")
        return start.decode("cp1252", errors="replace")


def read_csv(
    path: str | Path,
    *,
    preset: str | None = None,
    mapping: ColumnMapping | None = None,
    tz: str | None = None,
    date_format: str | None = None,
    separator: str | None = None,
    encoding: str | None = None,
    progress: ProgressCallback | None = None,
    max_bytes: int = DEFAULT_MAX_INPUT_BYTES,
) -> EventLog:
    """Read a CSV (or .csv.gz) export into a canonical event log.

    With ``mapping`` the generic reader is used; otherwise ``preset`` names the exporting tool
    (one of :data:`PRESET_NAMES`), guessed from the header row when left out. Rows are counted
    as a spreadsheet does (header = row 1) in every error message. More than `max_bytes`
    of text (after decompression) raises :class:`~podium.core.eventlog.limits.InputTooLargeError`.
    """
    path = Path(path)
    source = path.name
    check_choice(preset, mapping, source)
    chosen = PRESETS.get(preset or "") if mapping is None else None
    data = read_all_bytes(path, progress, max_bytes=max_bytes)
    text = decode(data, encoding or (chosen.encoding if chosen else None), source)
    if not text.strip():
        raise EventLogError(f"{source}: the file is empty")
    separator = separator or sniff_separator(text.split("\n", 1)[0])
    if mapping is None and chosen is None:
        chosen = PRESETS[preset_for_header(header_of(text, separator), source)]
    try:
        raw = pl.read_csv(
            text.encode("utf-8"),
            separator=separator,
            infer_schema=False,
            null_values=list(chosen.null_values) if chosen else None,
            truncate_ragged_lines=False,
        )
    except pl.exceptions.PolarsError as error:
        raise EventLogError(f"{source}: not a readable CSV file: {error}") from None
    raw = raw.with_row_index(SEQ).with_columns(
        pl.col(SEQ).cast(pl.Int64), (pl.col(SEQ).cast(pl.Int64) + 2).alias(AT)
    )
    context = ReadContext(source=source, tz=tz, date_format=date_format)
    if chosen is not None:
        raw, mapping = chosen.prepare(raw, context)
    assert mapping is not None
    log = to_event_log(raw, mapping, source=source, tz=tz, date_format=date_format)
    if chosen is not None and chosen.name != "podium":
        log = replace(log, preset=chosen.name)
    if progress is not None:
        progress(path.stat().st_size, path.stat().st_size)
    return log
