"""One canonical schema for ticket event logs, whatever tool wrote them.

Every reader produces, and every engine function consumes, a Polars frame with these columns
(in this order), followed by any number of attribute columns (strings) kept from the source:

=========== ========================== ====================================================
column      type                       meaning
=========== ========================== ====================================================
seq         Int64                      position in the source (file order); breaks ties
case_id     String                     the ticket / case identifier
timestamp   Datetime(us, UTC)          when the event happened, a true instant
activity    String                     the status (or activity name) the case entered
sub_status  String, nullable           finer status, e.g. "Wait - User"
party       String, nullable           the organisation holding the case after this event
team        String, nullable           the team holding the case after this event
resource    String, nullable           the person acting
line        Int8, nullable             support line (1, 2, 3) of the team, when known
=========== ========================== ====================================================
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import polars as pl

CANONICAL_SCHEMA: dict[str, pl.DataType] = {
    "seq": pl.Int64(),
    "case_id": pl.String(),
    "timestamp": pl.Datetime("us", "UTC"),
    "activity": pl.String(),
    "sub_status": pl.String(),
    "party": pl.String(),
    "team": pl.String(),
    "resource": pl.String(),
    "line": pl.Int8(),
}
CANONICAL_COLUMNS: tuple[str, ...] = tuple(CANONICAL_SCHEMA)


class EventLogError(ValueError):
    """Input that cannot become a canonical event log; the message names where and why."""


@dataclass(frozen=True, slots=True)
class Origin:
    """Where a log's events were read from, so that a later step can name the place of a value
    the way the reader's own errors do (``row 1043, column "Change Date+Time"``).

    ``unit`` is ``row`` (CSV, Parquet; a CSV's header is row 1) or ``line`` (XES); ``columns``
    maps each canonical column to the source column it came from; ``places`` holds each
    event's ``seq`` and the row or line number (``place``) a person looks up.
    """

    unit: str
    columns: Mapping[str, str]
    places: pl.DataFrame = field(repr=False)

    def where(self, seqs: list[int]) -> dict[int, int]:
        """Row or line number of each of these events."""
        found = self.places.filter(pl.col("seq").is_in(seqs))
        return dict(zip(found["seq"].to_list(), found["place"].to_list(), strict=True))


@dataclass(frozen=True, slots=True)
class EventLog:
    """A canonical event log: a frame in the schema above, sorted by (case_id, timestamp, seq).

    The sort is done once, stably, when the log is made (file order breaks ties between events
    of one case that share a timestamp); every engine function relies on it.
    """

    frame: pl.DataFrame
    source: str = ""
    origin: Origin | None = None
    preset: str | None = None
    """The tool preset the reader applied (given or guessed), whose conventions (waiting,
    pause and stop states, targets) an analysis uses by default; None: no tool's."""

    @classmethod
    def from_frame(
        cls, frame: pl.DataFrame, source: str = "", *, assume_sorted: bool = False
    ) -> EventLog:
        """Check the canonical columns, add missing optional ones, and sort once.

        ``assume_sorted`` skips the sort for frames known to be in (case_id, timestamp, seq)
        order already, such as Parquet logs that Podium wrote itself.

        >>> import datetime as dt
        >>> f = pl.DataFrame({"case_id": ["b", "a"], "activity": ["x", "y"],
        ...     "timestamp": [dt.datetime(2024, 1, 1, tzinfo=dt.UTC)] * 2})
        >>> EventLog.from_frame(f).frame["case_id"].to_list()
        ['a', 'b']
        """
        missing = [c for c in ("case_id", "timestamp", "activity") if c not in frame.columns]
        if missing:
            raise EventLogError(f"{source or 'event log'}: missing column(s) {', '.join(missing)}")
        timestamp_type = frame.schema["timestamp"]
        if not isinstance(timestamp_type, pl.Datetime) or timestamp_type.time_zone is None:
            raise EventLogError(
                f"{source or 'event log'}: timestamps must be time-zone aware, got {timestamp_type}"
            )
        # One query (in memory: the streaming engine's start-up outweighs a small log).
        query = frame.lazy()
        if "seq" not in frame.columns:
            query = query.with_row_index("seq").with_columns(pl.col("seq").cast(pl.Int64))
        missing = [name for name in CANONICAL_SCHEMA if name not in {*frame.columns, "seq"}]
        extras = [c for c in frame.columns if c not in CANONICAL_SCHEMA]
        query = query.select(
            *[
                pl.lit(None, dtype=dtype).alias(name)
                if name in missing
                else pl.col(name).cast(dtype)
                for name, dtype in CANONICAL_SCHEMA.items()
            ],
            *[pl.col(c) for c in extras],
        )
        if not assume_sorted:
            query = query.sort(["case_id", "timestamp", "seq"], maintain_order=True)
        return cls(frame=query.collect(engine="in-memory"), source=source)

    @property
    def event_count(self) -> int:
        return self.frame.height

    @property
    def case_count(self) -> int:
        """Distinct cases: the runs of ``case_id``, since the frame is grouped by case (a
        comparison of neighbours, several times cheaper than hashing every id)."""
        if self.frame.height == 0:
            return 0
        return int(self.frame["case_id"].rle_id().max()) + 1  # type: ignore[arg-type]
