"""Pick the reader and preset for a file the user names, so a command needs no flags by default."""

from __future__ import annotations

from pathlib import Path

from podium.core.eventlog.csv_reader import read_csv, read_header
from podium.core.eventlog.limits import DEFAULT_MAX_INPUT_BYTES
from podium.core.eventlog.mapping import ColumnMapping
from podium.core.eventlog.parquet_io import read_parquet
from podium.core.eventlog.presets import preset_for_header
from podium.core.eventlog.progress import ProgressCallback
from podium.core.eventlog.schema import EventLog
from podium.core.eventlog.xes_reader import read_xes


def guess_preset(path: str | Path) -> str:
    """The CSV preset whose exporting tool wrote this file's header row.

    Raises :class:`EventLogError` listing the presets when no header signature matches.
    """
    path = Path(path)
    return preset_for_header(read_header(path), path.name)


def file_kind(path: str | Path) -> str:
    """``xes``, ``parquet`` or ``csv`` from the file name (``.gz`` looked through).

    >>> file_kind("incidents.xes.gz"), file_kind("log.parquet"), file_kind("export.txt")
    ('xes', 'parquet', 'csv')
    """
    name = Path(path).name.lower().removesuffix(".gz")
    if name.endswith(".xes"):
        return "xes"
    if name.endswith((".parquet", ".pq")):
        return "parquet"
    return "csv"


def read_event_log(
    path: str | Path,
    *,
    preset: str | None = None,
    mapping: ColumnMapping | None = None,
    tz: str | None = None,
    date_format: str | None = None,
    progress: ProgressCallback | None = None,
    max_bytes: int = DEFAULT_MAX_INPUT_BYTES,
) -> EventLog:
    """Read any supported file (XES, Parquet, CSV) with a preset or a column mapping.

    The preset and the mapping mean the same for every format (see
    :func:`~podium.core.eventlog.presets.prepare_raw`); with neither, the preset is guessed
    from the columns (CSV, Parquet not in the canonical schema) or the standard keys are used
    (XES). No reader takes in more than `max_bytes` after decompression (see
    :mod:`podium.core.eventlog.limits`).
    """
    kind = file_kind(path)
    if kind == "xes":
        return read_xes(
            path,
            preset=preset,
            mapping=mapping,
            tz=tz,
            date_format=date_format,
            progress=progress,
            max_bytes=max_bytes,
        )
    if kind == "parquet":
        return read_parquet(
            path,
            preset=preset,
            mapping=mapping,
            tz=tz,
            date_format=date_format,
            progress=progress,
            max_bytes=max_bytes,
        )
    return read_csv(
        path,
        preset=preset,
        mapping=mapping,
        tz=tz,
        date_format=date_format,
        progress=progress,
        max_bytes=max_bytes,
    )
