"""Parquet: Podium's own fast format for event logs, written grouped and sorted by case.

Writing records a key-value marker in the file's metadata; a reader that finds it skips the
sort (the one costly step of loading), and falls back to sorting for any other Parquet file.
A Parquet file with other column names (a warehouse extract) is read like a CSV file: through
a preset or a column mapping, its values as text (instants written ISO 8601 with their offset).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import polars as pl

from podium.core.eventlog.limits import DEFAULT_MAX_INPUT_BYTES, InputTooLargeError
from podium.core.eventlog.mapping import AT, SEQ, ColumnMapping, to_event_log
from podium.core.eventlog.parquet_footer import FooterError, declared_uncompressed_bytes
from podium.core.eventlog.presets import PRESETS, ReadContext, prepare_raw
from podium.core.eventlog.progress import ProgressCallback
from podium.core.eventlog.schema import CANONICAL_SCHEMA, EventLog, EventLogError, Origin

SORTED_MARKER_KEY = "podium.eventlog.sorted_by"
SORTED_MARKER_VALUE = "case_id,timestamp,seq"
PRESET_KEY = "podium.eventlog.preset"
"""The tool preset the log was first read with, so its conventions (waiting, pause and stop
states) come back with the file."""


def write_parquet(log: EventLog, path: str | Path) -> None:
    """Write the log as it is sorted, with the marker that lets :func:`read_parquet` trust it
    (and the preset it was read with, whose conventions :func:`read_parquet` restores)."""
    metadata = {SORTED_MARKER_KEY: SORTED_MARKER_VALUE}
    if log.preset is not None:
        metadata[PRESET_KEY] = log.preset
    log.frame.write_parquet(Path(path), compression="zstd", metadata=metadata)


def _metadata(path: str | Path) -> dict[str, str]:
    try:
        return dict(pl.read_parquet_metadata(Path(path)))
    except (pl.exceptions.PolarsError, OSError):
        return {}


def is_podium_sorted(path: str | Path) -> bool:
    """Whether the file carries Podium's sorted-by-case marker."""
    return _metadata(path).get(SORTED_MARKER_KEY) == SORTED_MARKER_VALUE


def read_parquet(
    path: str | Path,
    *,
    preset: str | None = None,
    mapping: ColumnMapping | None = None,
    tz: str | None = None,
    date_format: str | None = None,
    progress: ProgressCallback | None = None,
    max_bytes: int = DEFAULT_MAX_INPUT_BYTES,
) -> EventLog:
    """Read a Parquet event log.

    Without ``preset`` or ``mapping``, a file whose columns follow the canonical schema by name
    is read as it is (``seq`` may be absent: file order is used; other columns are kept as
    attributes); any other file is read through the preset its columns match. With a preset or
    a mapping the file is read as a CSV export would be (:func:`read_raw_parquet`). A file whose
    footer declares more than `max_bytes` of uncompressed column data raises
    :class:`~podium.core.eventlog.limits.InputTooLargeError` before any of it is decoded.
    """
    path = Path(path)
    size = path.stat().st_size
    if progress is not None:
        progress(0, size)
    try:
        declared = declared_uncompressed_bytes(path)
    except FooterError as error:
        raise EventLogError(f"{path.name}: not a readable Parquet file: {error}") from None
    if max(size, declared) > max_bytes:
        raise InputTooLargeError(path.name, max_bytes)
    try:
        frame = pl.read_parquet(path)
    except (pl.exceptions.PolarsError, OSError) as error:
        raise EventLogError(f"{path.name}: not a readable Parquet file: {error}") from None
    canonical = all(c in frame.columns for c in ("case_id", "timestamp", "activity"))
    if mapping is not None or preset not in (None, "podium") or not canonical:
        log = read_raw_parquet(
            frame, path.name, preset=preset, mapping=mapping, tz=tz, date_format=date_format
        )
        if progress is not None:
            progress(size, size)
        return log
    stamp = frame.schema["timestamp"]
    if isinstance(stamp, pl.Datetime) and stamp.time_zone not in (None, "UTC"):
        frame = frame.with_columns(pl.col("timestamp").dt.convert_time_zone("UTC"))
    metadata = _metadata(path)
    trusted = metadata.get(SORTED_MARKER_KEY) == SORTED_MARKER_VALUE and all(
        frame.schema.get(name) == dtype for name, dtype in CANONICAL_SCHEMA.items()
    )
    log = EventLog.from_frame(frame, source=path.name, assume_sorted=trusted)
    kept = metadata.get(PRESET_KEY)
    if kept in PRESETS and kept != "podium":
        log = replace(log, preset=kept)
    rows = pl.int_range(1, frame.height + 1, eager=True, dtype=pl.Int64)
    seqs = frame["seq"].cast(pl.Int64) if "seq" in frame.columns else rows - 1
    origin = Origin(
        unit="row",
        columns={name: name for name in CANONICAL_SCHEMA if name in frame.columns},
        places=pl.DataFrame({"seq": seqs, "place": rows}),
    )
    log = replace(log, origin=origin)
    if progress is not None:
        progress(size, size)
    return log


def read_raw_parquet(
    frame: pl.DataFrame,
    source: str,
    *,
    preset: str | None,
    mapping: ColumnMapping | None,
    tz: str | None,
    date_format: str | None,
) -> EventLog:
    """A Parquet table in its source's own names, mapped as a CSV export of it would be.

    Every value becomes text: instants with a zone are written ISO 8601 with their offset (so
    no ``tz`` is needed), instants without one as local wall times (``tz`` says where). Rows are
    numbered from 1 in the file order in every error message.
    """
    texts = []
    for name, dtype in frame.schema.items():
        column = pl.col(name)
        if isinstance(dtype, pl.Datetime):
            layout = "%Y-%m-%dT%H:%M:%S%.f" + ("%:z" if dtype.time_zone else "")
            texts.append(column.dt.strftime(layout).alias(name))
        else:
            texts.append(column.cast(pl.String).alias(name))
    raw = frame.select(
        pl.int_range(0, pl.len(), dtype=pl.Int64).alias(SEQ),
        pl.int_range(1, pl.len() + 1, dtype=pl.Int64).alias(AT),
        *texts,
    )
    context = ReadContext(source=source, tz=tz, date_format=date_format, kind="parquet")
    raw, chosen, tool = prepare_raw(raw, preset=preset, mapping=mapping, context=context)
    log = to_event_log(raw, chosen, source=source, tz=tz, date_format=date_format)
    return replace(log, preset=tool)


__all__ = ["is_podium_sorted", "read_parquet", "read_raw_parquet", "write_parquet"]
