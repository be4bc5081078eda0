"""CSV export: canonical columns (ISO 8601 UTC instants) then attributes, one event per row.

File order is the log's (case, time) order, so ``seq`` is left out: reading the file back with
the ``podium`` preset gives the same log.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from podium.core.eventlog.schema import EventLog

TIME_FORMAT = "%Y-%m-%dT%H:%M:%S%.6fZ"


def write_csv(log: EventLog, path: str | Path) -> None:
    """Write UTF-8, comma-separated, header first; times as ``2013-03-31T00:30:00.000000Z``."""
    log.frame.drop("seq").with_columns(pl.col("timestamp").dt.strftime(TIME_FORMAT)).write_csv(
        Path(path)
    )
