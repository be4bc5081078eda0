"""The canonical event log and its readers and writers.

>>> read_event_log  # doctest: +ELLIPSIS
<function read_event_log at ...>
"""

from podium.core.eventlog.csv_reader import read_csv
from podium.core.eventlog.csv_writer import write_csv
from podium.core.eventlog.detect import file_kind, guess_preset, read_event_log
from podium.core.eventlog.limits import (
    DEFAULT_MAX_INPUT_BYTES,
    InputTooLargeError,
    format_bytes,
    parse_byte_size,
)
from podium.core.eventlog.mapping import ColumnMapping
from podium.core.eventlog.ocel_writer import write_ocel
from podium.core.eventlog.parquet_io import is_podium_sorted, read_parquet, write_parquet
from podium.core.eventlog.presets import PRESET_NAMES
from podium.core.eventlog.progress import ProgressCallback
from podium.core.eventlog.schema import (
    CANONICAL_COLUMNS,
    CANONICAL_SCHEMA,
    EventLog,
    EventLogError,
    Origin,
)
from podium.core.eventlog.xes_reader import guess_xes_mapping, read_xes
from podium.core.eventlog.xes_writer import write_xes

__all__ = [
    "CANONICAL_COLUMNS",
    "CANONICAL_SCHEMA",
    "DEFAULT_MAX_INPUT_BYTES",
    "PRESET_NAMES",
    "ColumnMapping",
    "EventLog",
    "EventLogError",
    "InputTooLargeError",
    "Origin",
    "ProgressCallback",
    "file_kind",
    "format_bytes",
    "guess_preset",
    "guess_xes_mapping",
    "is_podium_sorted",
    "parse_byte_size",
    "read_csv",
    "read_event_log",
    "read_parquet",
    "read_xes",
    "write_csv",
    "write_ocel",
    "write_parquet",
    "write_xes",
]
