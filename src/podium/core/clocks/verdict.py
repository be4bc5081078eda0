"""The source tool's own SLA verdict beside Podium's: agreement, and why they differ.

Many exports carry the tool's result per ticket (ServiceNow ``made_sla``, a Jira SLA field's
"breached"). Each case's last non-null value is the tool's verdict; Podium's is its end-to-end
clock's ``breached``. Where they disagree, the reason is read from the clock itself:

- **pause not honoured by the tool**: the tool says breached, Podium met the target only
  because the clock paused (running plus paused business time passes the target);
- **business calendar**: the tool says breached, Podium met the target in business time but
  the wall-clock running time passes it (the tool counts calendar time) — or the tool says met,
  Podium breached on a 24x7 clock (the tool counts business hours: try ``--calendar``);
- **reopened case**: the case ran again after a stop (the tool judged its first resolution);
- **other**: none of those explains it (the tool's target or start differs).
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from podium.core.clocks.evaluate import ClockResult
from podium.core.clocks.holders import cumulative_within_case, last_of_case
from podium.core.eventlog import EventLog

TRUE_WORDS = ("true", "yes", "y", "1", "t")
FALSE_WORDS = ("false", "no", "n", "0", "f")

PAUSE = "pause not honoured by the tool"
CALENDAR = "business calendar"
REOPENED = "reopened case"
OTHER = "other (the tool's target, start or pause states differ)"


@dataclass(frozen=True, slots=True)
class ToolVerdict:
    """``cases``: case_id, tool_breached, podium_breached, agree, reason, target_seconds,
    elapsed_seconds, paused_seconds, wall_running_seconds, reopened — one row per case with
    both verdicts. ``column`` is where the tool's verdict was read; ``means`` whether a true
    value there is ``met`` (made_sla) or ``breached``."""

    column: str
    means: str
    cases: pl.DataFrame

    @property
    def compared(self) -> int:
        return self.cases.height

    @property
    def agreed(self) -> int:
        return int(self.cases["agree"].sum()) if self.compared else 0

    @property
    def agreement(self) -> float | None:
        return self.agreed / self.compared if self.compared else None

    @property
    def disagreements(self) -> pl.DataFrame:
        return self.cases.filter(~pl.col("agree"))

    def reasons(self) -> dict[str, int]:
        counts = self.disagreements.group_by("reason").len().sort("len", descending=True)
        return dict(zip(counts["reason"].to_list(), counts["len"].to_list(), strict=True))


def tool_verdict(
    log: EventLog,
    clocks: ClockResult,
    stops: pl.Expr,
    column: str,
    means: str,
    wall_clock: bool,
) -> ToolVerdict | None:
    """Compare the tool's verdict in ``column`` with Podium's; None when the log lacks it.

    ``stops`` is the clock policy's stop condition; ``wall_clock`` whether Podium's clocks ran
    24x7 (then a tool that met where Podium breached may count business hours).
    """
    if column not in log.frame.columns:
        return None
    text = pl.col(column).cast(pl.String).str.strip_chars().str.to_lowercase()
    flag = pl.when(text.is_in(TRUE_WORDS)).then(True).when(text.is_in(FALSE_WORDS)).then(False)
    stop = stops.fill_null(False)
    stopped_before = cumulative_within_case(stop) - stop.cast(pl.Int64)
    per_event = log.frame.lazy().select(
        "case_id",
        flag.alias("__flag"),
        ((stopped_before > 0) & ~stop).alias("__resumed"),
        last_of_case().alias("__last"),
    )
    tool = (
        per_event.with_columns(
            pl.col("__flag").forward_fill().over("case_id").alias("__flag"),
            pl.col("__resumed").any().over("case_id").alias("reopened"),
        )
        .filter(pl.col("__last") & pl.col("__flag").is_not_null())
        .select(
            "case_id",
            (pl.col("__flag") if means == "breached" else ~pl.col("__flag")).alias("tool_breached"),
            "reopened",
        )
        .collect()
    )
    if tool.height == 0:
        return None
    segments = clocks.segments.with_columns(pl.coalesce("end", pl.lit(clocks.as_of)).alias("__end"))
    wall = segments.group_by("case_id").agg(
        ((pl.col("__end") - pl.col("start")).dt.total_microseconds() / 1e6)
        .filter(pl.col("running"))
        .sum()
        .alias("wall_running_seconds")
    )
    podium = clocks.cases.filter(pl.col("started_at").is_not_null()).select(
        "case_id",
        pl.col("breached").alias("podium_breached"),
        "target_seconds",
        "elapsed_seconds",
        "paused_seconds",
    )
    both = (
        tool.join(podium, on="case_id", how="inner", maintain_order="left")
        .join(wall, on="case_id", how="left", maintain_order="left")
        .with_columns(pl.col("wall_running_seconds").fill_null(0.0))
        .with_columns((pl.col("tool_breached") == pl.col("podium_breached")).alias("agree"))
    )
    tool_only = pl.col("tool_breached") & ~pl.col("podium_breached")
    reason = (
        pl.when(pl.col("agree"))
        .then(pl.lit(None, dtype=pl.String))
        .when(pl.col("reopened"))
        .then(pl.lit(REOPENED))
        .when(tool_only & (pl.col("wall_running_seconds") > pl.col("target_seconds")))
        .then(pl.lit(CALENDAR))
        .when(
            tool_only
            & (pl.col("elapsed_seconds") + pl.col("paused_seconds") > pl.col("target_seconds"))
        )
        .then(pl.lit(PAUSE))
        .when(~pl.col("tool_breached") & pl.col("podium_breached") & pl.lit(wall_clock))
        .then(pl.lit(CALENDAR))
        .otherwise(pl.lit(OTHER))
    )
    cases = both.with_columns(reason.alias("reason")).select(
        "case_id",
        "tool_breached",
        "podium_breached",
        "agree",
        "reason",
        "target_seconds",
        "elapsed_seconds",
        "paused_seconds",
        "wall_running_seconds",
        "reopened",
    )
    return ToolVerdict(column=column, means=means, cases=cases)
