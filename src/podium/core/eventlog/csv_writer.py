"""CSV export: canonical columns (ISO 8601 UTC instants) then attributes, one event per row.

File order is the log's (case, time) order, so ``seq`` is left out: reading the file back with
the ``podium`` preset gives the same log. Text that a spreadsheet would run as a formula
(``=…``, ``+…``, ``-…``, ``@…``, a leading tab or carriage return) and text starting with
``'`` are written with one leading ``'`` (:mod:`podium.core.csv_safety`); the ``podium``
preset strips it again, so the round trip stays exact.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from podium.core.csv_safety import escape_expr
from podium.core.eventlog.schema import EventLog

TIME_FORMAT = "%Y-%m-%dT%H:%M:%S%.6fZ"


def write_csv(log: EventLog, path: str | Path) -> None:
    """Write UTF-8, comma-separated, header first; times as ``2013-03-31T00:30:00.000000Z``."""
    frame = log.frame.drop("seq")
    text = [name for name, dtype in frame.schema.items() if dtype == pl.String]
    frame.with_columns(
        *(escape_expr(pl.col(name)).alias(name) for name in text),
        pl.col("timestamp").dt.strftime(TIME_FORMAT),
    ).write_csv(Path(path))
