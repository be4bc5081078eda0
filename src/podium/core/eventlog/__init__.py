"""The canonical event log and its readers and writers."""

from podium.core.eventlog.schema import (
    CANONICAL_COLUMNS,
    CANONICAL_SCHEMA,
    EventLog,
    EventLogError,
)

__all__ = ["CANONICAL_COLUMNS", "CANONICAL_SCHEMA", "EventLog", "EventLogError"]
