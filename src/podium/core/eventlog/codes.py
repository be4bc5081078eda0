"""Integer stand-ins for a log's string columns, counted once and shared by the metrics.

A string column of Polars costs 16 bytes an event (its view) and every comparison, shift,
hash or sort of it reads the strings. The metrics of one analysis read the same few columns
(the case, the party, the team, the activity and sub-status) over and over; here each is
turned once into an integer code per event: its value's position among the column's distinct
values in sort order. Because the codes keep the names' order, a minimum, maximum or sort of
codes is that of the names, and the names come back (`ColumnCodes.named`) only for the rows
a result keeps. Every figure computed on codes is the one computed on the strings, to the
row and to the bit (tests/core/test_analysis_golden.py).
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from podium.core.eventlog.schema import EventLog

CODED_COLUMNS = ("party", "team", "activity", "sub_status")


@dataclass(frozen=True, slots=True)
class ColumnCodes:
    """One string column as codes: ``names`` its distinct non-null values in sort order,
    ``codes`` per event the value's position among them (null where the value is), as an
    unsigned integer as narrow as the names allow (UInt8 up to 256 names): arithmetic on
    codes casts them to Int64 first."""

    names: pl.Series
    codes: pl.Series

    @classmethod
    def of(cls, values: pl.Series) -> ColumnCodes:
        """
        >>> coded = ColumnCodes.of(pl.Series("party", ["B", None, "A", "B"]))
        >>> coded.names.to_list(), coded.codes.to_list()
        (['A', 'B'], [1, None, 0, 1])
        """
        names = values.drop_nulls().unique().sort()
        codes = values.cast(pl.Enum(names.to_list())).to_physical()
        return cls(names=names.rename(values.name), codes=codes.rename(values.name))

    @property
    def width(self) -> int:
        """How many codes there are (a null counted as one more, when a caller needs it)."""
        return self.names.len()

    def named(self, codes: pl.Series, name: str) -> pl.Series:
        """The names of these codes (null stays null), as a String series called ``name``."""
        return self.names.gather(codes).rename(name)


@dataclass(frozen=True, slots=True)
class LogCodes:
    """The coded columns of one log (see the module docstring), with each event's case as its
    position in the log (``case_index``, UInt32: the log is grouped by case) and the row of
    each case's first event (``case_starts``), through which a case's id comes back."""

    case_index: pl.Series
    case_starts: pl.Series
    columns: dict[str, ColumnCodes]

    @classmethod
    def of(cls, log: EventLog) -> LogCodes:
        frame = log.frame
        case = frame.get_column("case_id")
        index = case.rle_id().rename("case_index")
        starts = (
            frame.lazy()
            .select(pl.col("case_id").ne_missing(pl.col("case_id").shift(1)).arg_true())
            .collect(engine="in-memory")
            .to_series()
            if frame.height
            else pl.Series("case_starts", [], dtype=pl.UInt32)
        )
        return cls(
            case_index=index,
            case_starts=starts.rename("case_starts"),
            columns={name: ColumnCodes.of(frame.get_column(name)) for name in CODED_COLUMNS},
        )

    def distinct_states(self) -> pl.DataFrame:
        """Every distinct activity and sub-status of the log, as a small frame with both
        columns (each holding all of them): what `StateSet.resolved` matches patterns on."""
        values = pl.concat([self["activity"].names, self["sub_status"].names.rename("activity")])
        return pl.DataFrame([values.alias("activity"), values.alias("sub_status")])

    def __getitem__(self, column: str) -> ColumnCodes:
        return self.columns[column]

    def case_ids(self, log: EventLog, case_index: pl.Series) -> pl.Series:
        """The ``case_id`` of each of these case positions."""
        return log.frame.get_column("case_id").gather(self.case_starts.gather(case_index))
