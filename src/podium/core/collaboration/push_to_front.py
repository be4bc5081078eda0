"""Push-to-front: is work solved by the first line, or pushed to the second and third?"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from podium.core.eventlog import EventLog
from podium.core.eventlog.codes import LogCodes


@dataclass(frozen=True, slots=True)
class PushToFront:
    """Cases by the highest support line they reached.

    Events with a null ``line`` are ignored; a case none of whose events has a line is left out
    of every share (``cases_with_line`` is the denominator), since nothing is known about it.
    ``cases``: case_id, highest_line.
    """

    cases_with_line: int
    first_line_only: int
    reached_line_2: int
    reached_line_3: int
    cases: pl.DataFrame

    @property
    def first_line_share(self) -> float:
        return self.first_line_only / self.cases_with_line if self.cases_with_line else 0.0

    @property
    def line_2_share(self) -> float:
        return self.reached_line_2 / self.cases_with_line if self.cases_with_line else 0.0

    @property
    def line_3_share(self) -> float:
        return self.reached_line_3 / self.cases_with_line if self.cases_with_line else 0.0


def push_to_front(log: EventLog, codes: LogCodes | None = None) -> PushToFront:
    """Share of cases whose every known line is 1, and of cases that reached line 2 or 3.

    >>> import datetime as dt
    >>> t = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    >>> log = EventLog.from_frame(pl.DataFrame({"case_id": ["a", "a", "b", "c"],
    ...     "activity": ["x"] * 4, "line": [1, 2, 1, None], "timestamp": [t] * 4}))
    >>> result = push_to_front(log)
    >>> result.cases_with_line, result.first_line_share, result.line_2_share
    (2, 0.5, 0.5)

    ``codes``: the log's shared codes (`run_analysis`): the cases are grouped by their
    position in the log (which is ``case_id`` order) and their ids gathered once each.
    """
    if codes is not None:
        highest = (
            pl.DataFrame([codes.case_index, log.frame.get_column("line")])
            .lazy()
            .filter(pl.col("line").is_not_null())
            .group_by("case_index")
            .agg(pl.col("line").max().alias("highest_line"))
            .sort("case_index")
            .collect()
        )
        return _shares(
            pl.DataFrame(
                [
                    codes.case_ids(log, highest.get_column("case_index")),
                    highest.get_column("highest_line"),
                ]
            )
        )
    return _shares(
        log.frame.lazy()
        .filter(pl.col("line").is_not_null())
        .group_by("case_id")
        .agg(pl.col("line").max().alias("highest_line"))
        .sort("case_id")
        .collect()
    )


def _shares(cases: pl.DataFrame) -> PushToFront:
    highest = cases["highest_line"]
    return PushToFront(
        cases_with_line=cases.height,
        first_line_only=int((highest <= 1).sum()),
        reached_line_2=int((highest >= 2).sum()),
        reached_line_3=int((highest >= 3).sum()),
        cases=cases,
    )
