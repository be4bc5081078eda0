"""Watermelon cases: green for every party, red end to end."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from podium.core.clocks import ClockResult


@dataclass(frozen=True, slots=True)
class Watermelon:
    """``cases``: case_id, target_seconds, elapsed_seconds, parties (OLA clocks on the case).

    ``share`` is over the cases whose end-to-end clock started; ``share_of_breaches`` over the
    cases whose end-to-end clock was breached.
    """

    cases: pl.DataFrame
    clocked_cases: int
    breached_cases: int

    @property
    def count(self) -> int:
        return self.cases.height

    @property
    def share(self) -> float:
        return self.count / self.clocked_cases if self.clocked_cases else 0.0

    @property
    def share_of_breaches(self) -> float:
        return self.count / self.breached_cases if self.breached_cases else 0.0


def watermelon(clocks: ClockResult) -> Watermelon:
    """Cases whose end-to-end clock was breached while no party's OLA clock was.

    A case needs at least one party clock to qualify: without parties there is no green.
    """
    # A case's party clocks are consecutive rows (the table is in case order), so they are
    # grouped by their run of ``case_id``, an integer, not by hashing every id; the join
    # reads the cases with no party breached only.
    green = (
        clocks.parties.lazy()
        .select(pl.col("case_id").rle_id().alias("run"), "case_id", "breached")
        .group_by("run")
        .agg(
            pl.col("case_id").first(),
            pl.len().cast(pl.Int64).alias("parties"),
            pl.col("breached").any().alias("any_party_breached"),
        )
        .filter(~pl.col("any_party_breached"))
        .select("case_id", "parties")
    )
    clocked = clocks.cases.filter(pl.col("started_at").is_not_null())
    breached = clocked.filter(pl.col("breached"))
    cases = (
        breached.lazy()
        .join(green, on="case_id", how="inner")
        .select("case_id", "target_seconds", "elapsed_seconds", "parties")
        .sort("case_id")
        .collect()
    )
    return Watermelon(cases=cases, clocked_cases=clocked.height, breached_cases=breached.height)
