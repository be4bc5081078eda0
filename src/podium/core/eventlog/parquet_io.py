"""Parquet: Podium's own fast format for event logs, written grouped and sorted by case.

Writing records a key-value marker in the file's metadata; a reader that finds it skips the
sort (the one costly step of loading), and falls back to sorting for any other Parquet file.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import polars as pl

from podium.core.eventlog.limits import DEFAULT_MAX_INPUT_BYTES, InputTooLargeError
from podium.core.eventlog.parquet_footer import FooterError, declared_uncompressed_bytes
from podium.core.eventlog.progress import ProgressCallback
from podium.core.eventlog.schema import CANONICAL_SCHEMA, EventLog, EventLogError, Origin

SORTED_MARKER_KEY = "podium.eventlog.sorted_by"
SORTED_MARKER_VALUE = "case_id,timestamp,seq"


def write_parquet(log: EventLog, path: str | Path) -> None:
    """Write the log as it is sorted, with the marker that lets :func:`read_parquet` trust it."""
    log.frame.write_parquet(
        Path(path), compression="zstd", metadata={SORTED_MARKER_KEY: SORTED_MARKER_VALUE}
    )


def is_podium_sorted(path: str | Path) -> bool:
    """Whether the file carries Podium's sorted-by-case marker."""
    try:
        metadata = pl.read_parquet_metadata(Path(path))
    except (pl.exceptions.PolarsError, OSError):
        return False
    return metadata.get(SORTED_MARKER_KEY) == SORTED_MARKER_VALUE


def read_parquet(
    path: str | Path,
    *,
    progress: ProgressCallback | None = None,
    max_bytes: int = DEFAULT_MAX_INPUT_BYTES,
) -> EventLog:
    """Read a Parquet event log whose columns already follow the canonical schema.

    The canonical columns must be present by name (``seq`` may be absent: file order is used);
    other columns are kept as attributes. A file whose footer declares more than `max_bytes`
    of uncompressed column data raises :class:`~podium.core.eventlog.limits.InputTooLargeError`
    before any of it is decoded.
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
    absent = [c for c in ("case_id", "timestamp", "activity") if c not in frame.columns]
    if absent:
        raise EventLogError(
            f"{path.name}: column(s) {', '.join(absent)} not found; the file has: "
            f"{', '.join(frame.columns)}"
        )
    stamp = frame.schema["timestamp"]
    if isinstance(stamp, pl.Datetime) and stamp.time_zone not in (None, "UTC"):
        frame = frame.with_columns(pl.col("timestamp").dt.convert_time_zone("UTC"))
    trusted = is_podium_sorted(path) and all(
        frame.schema.get(name) == dtype for name, dtype in CANONICAL_SCHEMA.items()
    )
    log = EventLog.from_frame(frame, source=path.name, assume_sorted=trusted)
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


__all__ = ["is_podium_sorted", "read_parquet", "write_parquet"]
