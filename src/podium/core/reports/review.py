"""The engine's figures of one party's month for its service review, and their chart specs.

A review answers, for one party and one month: which end-to-end clocks breached on tickets it
held and which party used the time, what it handed over and took over (and from whom), which
cases bounced between it and another party. Everything is read from the same clock groups the
scorecard and the service credits are read from (`core.clocks`, `core.collaboration`), so the
review's numbers are the pages' numbers. The specs are Vega-Lite dicts like
`core.reports.charts`: the page and the PDF render the same spec.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import polars as pl

from podium.core.clocks import ClockResult
from podium.core.clocks.business_time import UTC_DATETIME
from podium.core.collaboration import bounce_events, handover_events
from podium.core.goals import ClockGroup, Window, combined_log, evaluate_groups
from podium.core.reports.charts import Spec as Spec  # the review's charts are these specs
from podium.core.reports.charts import _base, line_spec

WIDTH = 460
CHART_BREACHES = 25
"""Bars in the breaches chart: beyond a page of bars a chart stops being read."""


@dataclass(frozen=True, slots=True)
class BreachedTicket:
    """An end-to-end clock that breached inside the month on a ticket the party held, and
    the business seconds each party's own clock ran on it (largest first): who used the time."""

    case_id: str
    target_seconds: float
    elapsed_seconds: float
    breached_at: dt.datetime
    time_by_party: tuple[tuple[str, float], ...]
    own_clock_breached: bool


@dataclass(frozen=True, slots=True)
class Partner:
    """What passed between the party and one other party inside the month."""

    party: str
    handed_to: int
    taken_from: int
    bounces: int


@dataclass(frozen=True, slots=True)
class Flows:
    handed_over: int
    taken_over: int
    bounces: int
    partners: tuple[Partner, ...]


def _between(column: str, window: Window, until: dt.datetime) -> pl.Expr:
    start = pl.lit(window.start, dtype=UTC_DATETIME)
    end = pl.lit(min(window.end, until), dtype=UTC_DATETIME)
    return (pl.col(column) >= start) & (pl.col(column) < end)


def breached_tickets(
    groups: Sequence[ClockGroup],
    window: Window,
    *,
    now: dt.datetime,
    party: str,
    results: Sequence[ClockResult] | None = None,
) -> list[BreachedTicket]:
    """End-to-end breaches inside `window` on tickets `party` held, as known at `now`, in
    the order they breached. `results` are the groups' clocks evaluated at
    `window.as_of(now)` when the caller has them already (`evaluate_groups`).

    >>> import datetime as dt
    >>> from podium.core.clocks import ClockPolicy, WallClockTime
    >>> from podium.core.eventlog import EventLog
    >>> t = dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC)
    >>> log = EventLog.from_frame(pl.DataFrame({"case_id": ["a"] * 3,
    ...     "activity": ["open", "work", "Resolved"], "party": ["X", "Y", "Y"],
    ...     "timestamp": [t, t + dt.timedelta(hours=1), t + dt.timedelta(hours=4)]}))
    >>> group = ClockGroup(log, WallClockTime(), ClockPolicy(default_target_seconds=7200.0))
    >>> march = Window(dt.datetime(2026, 3, 1, tzinfo=dt.UTC), dt.datetime(2026, 4, 1, tzinfo=dt.UTC))
    >>> [b.time_by_party for b in breached_tickets([group], march, now=march.end, party="X")]
    [(('Y', 10800.0), ('X', 3600.0))]
    """
    as_of = window.as_of(now)
    found: list[BreachedTicket] = []
    if results is None:
        results = evaluate_groups(groups, as_of=as_of)
    for result in results:
        held = result.parties.filter(pl.col("party") == party).select(
            "case_id", pl.col("breached").alias("own_breached")
        )
        cases = result.cases.filter(pl.col("breached") & _between("breached_at", window, as_of))
        cases = cases.join(held, on="case_id", how="inner")
        if not cases.height:
            continue
        used: dict[str, list[tuple[str, float]]] = {}
        for case_id, holder, seconds in (
            result.parties.join(cases.select("case_id"), on="case_id", how="semi")
            .select("case_id", "party", "elapsed_seconds")
            .rows()
        ):
            used.setdefault(case_id, []).append((str(holder), float(seconds or 0.0)))
        for case_id, target, elapsed, at, own in cases.select(
            "case_id", "target_seconds", "elapsed_seconds", "breached_at", "own_breached"
        ).rows():
            shares = sorted(used.get(case_id, []), key=lambda p: (-p[1], p[0]))
            found.append(
                BreachedTicket(case_id, float(target), float(elapsed), at, tuple(shares), bool(own))
            )
    return sorted(found, key=lambda b: (b.breached_at, b.case_id))


def party_flows(
    groups: Sequence[ClockGroup], window: Window, *, now: dt.datetime, party: str
) -> Flows:
    """The party's hand-offs (to and from each other party) and the direct bounces A→B→A it
    was one side of, inside `window` (until `now` while the month runs) — the same events
    `podium analyze` counts as hand-overs and ping-pong.

    >>> import datetime as dt
    >>> from podium.core.clocks import ClockPolicy, WallClockTime
    >>> from podium.core.eventlog import EventLog
    >>> t = dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC)
    >>> log = EventLog.from_frame(pl.DataFrame({"case_id": ["a"] * 3,
    ...     "activity": ["open", "work", "work"], "party": ["X", "Y", "X"],
    ...     "timestamp": [t + dt.timedelta(hours=h) for h in range(3)]}))
    >>> group = ClockGroup(log, WallClockTime(), ClockPolicy())
    >>> march = Window(dt.datetime(2026, 3, 1, tzinfo=dt.UTC), dt.datetime(2026, 4, 1, tzinfo=dt.UTC))
    >>> party_flows([group], march, now=march.end, party="X")
    Flows(handed_over=1, taken_over=1, bounces=1, partners=(Partner(party='Y', handed_to=1, taken_from=1, bounces=1),))
    """
    inside = _between("at", window, window.as_of(now))
    handed: dict[str, int] = {}
    taken: dict[str, int] = {}
    bounced: dict[str, int] = {}
    log = combined_log(groups)  # hand-offs do not depend on the clock policy: one pass
    for source, target in handover_events(log).filter(inside).select("source", "target").rows():
        if source == party:
            handed[target] = handed.get(target, 0) + 1
        elif target == party:
            taken[source] = taken.get(source, 0) + 1
    for party_a, party_b in bounce_events(log).filter(inside).select("party_a", "party_b").rows():
        if party in (party_a, party_b):
            other = party_b if party_a == party else party_a
            bounced[other] = bounced.get(other, 0) + 1
    names = sorted(set(handed) | set(taken) | set(bounced))
    partners = tuple(
        Partner(name, handed.get(name, 0), taken.get(name, 0), bounced.get(name, 0))
        for name in names
    )
    ranked = tuple(sorted(partners, key=lambda p: (-(p.handed_to + p.taken_from), p.party)))
    return Flows(sum(handed.values()), sum(taken.values()), sum(bounced.values()), ranked)


def attainment_trend_spec(months: Sequence[tuple[str, float | None, float | None]]) -> Spec:
    """OLA and SLA attainment per month (month as YYYY-MM, percentages), a line each."""
    values = [
        {"month": month, "measure": name, "percent": value}
        for month, ola, sla in months
        for name, value in (("OLA attainment", ola), ("SLA attainment", sla))
        if value is not None
    ]
    return line_spec(
        "Attainment by month",
        "Line chart of the party's OLA attainment and the end-to-end SLA attainment of the "
        "tickets it held, per month, in percent.",
        values,
        x={
            "field": "month",
            "type": "ordinal",
            "title": "Month",
            "sort": None,
            "axis": {"labelAngle": 0},
        },
        y="percent",
        y_title="Attainment (%)",
        series="measure",
        series_title=None,
        height=160,
        width=WIDTH,
    )


def time_used_spec(
    breaches: Sequence[BreachedTicket], names: Mapping[str, str] | None = None
) -> Spec:
    """Per breached ticket, the business hours each party's clock ran, stacked (parties by
    their names where `names` has them): the `CHART_BREACHES` that ran longest, in the order
    they breached (the table beside it lists every one)."""
    named = names or {}
    longest = sorted(breaches, key=lambda b: (-b.elapsed_seconds, b.case_id))[:CHART_BREACHES]
    kept = {b.case_id for b in longest}
    breaches = [b for b in breaches if b.case_id in kept]
    values = [
        {"ticket": b.case_id, "party": named.get(holder, holder), "hours": round(seconds / 3600, 2)}
        for b in breaches
        for holder, seconds in b.time_by_party
    ]
    return {
        **_base(
            "Who used the time on breached tickets",
            "Stacked bar chart: for the tickets whose end-to-end clock breached this month and "
            f"ran longest (at most {CHART_BREACHES}), the business hours each party's clock "
            "ran on it.",
            values,
        ),
        "width": WIDTH,
        "height": {"step": 16},
        "mark": "bar",
        "encoding": {
            "y": {"field": "ticket", "type": "nominal", "title": "Ticket", "sort": None},
            "x": {"field": "hours", "type": "quantitative", "title": "Business hours"},
            "color": {"field": "party", "type": "nominal", "title": "Party"},
        },
    }


def flows_spec(flows: Flows, names: Mapping[str, str] | None = None) -> Spec:
    """Hand-offs to and from each other party, side by side."""
    named = names or {}
    values = [
        {"partner": named.get(p.party, p.party), "direction": direction, "handoffs": count}
        for p in flows.partners
        for direction, count in (("handed to", p.handed_to), ("taken from", p.taken_from))
    ]
    return {
        **_base(
            "Hand-offs with other parties",
            "Bar chart of the hand-offs the party made to and took from each other party "
            "this month.",
            values,
        ),
        "width": WIDTH,
        "height": {"step": 12},
        "mark": "bar",
        "encoding": {
            "y": {"field": "partner", "type": "nominal", "title": "Party", "sort": None},
            "yOffset": {"field": "direction"},
            "x": {"field": "handoffs", "type": "quantitative", "title": "Hand-offs"},
            "color": {"field": "direction", "type": "nominal", "title": None},
        },
    }


class MonthError(ValueError):
    """A month not written as YYYY-MM."""


def parse_month(text: str) -> dt.date:
    """The first day of the month written ``YYYY-MM`` (years 1900–2999, as Podium stores).

    >>> parse_month("2026-10")
    datetime.date(2026, 10, 1)
    >>> parse_month("2026-13")
    Traceback (most recent call last):
    ...
    podium.core.reports.review.MonthError: month '2026-13' is not YYYY-MM (e.g. 2026-10)
    """
    year, dash, month = text.partition("-")
    if (
        dash
        and len(year) == 4
        and len(month) == 2
        and year.isdigit()
        and month.isdigit()
        and 1900 <= int(year) <= 2999
        and 1 <= int(month) <= 12
    ):
        return dt.date(int(year), int(month), 1)
    raise MonthError(f"month {text!r} is not YYYY-MM (e.g. 2026-10)")


def attainment_by_party_spec(rows: Sequence[tuple[str, float | None, float | None]]) -> Spec:
    """OLA and SLA attainment of each party (name, OLA %, SLA %) in one month, side by side:
    a board pack's figure of the forum's parties."""
    values = [
        {"party": party, "measure": name, "percent": value}
        for party, ola, sla in rows
        for name, value in (("OLA attainment", ola), ("SLA attainment", sla))
        if value is not None
    ]
    return {
        **_base(
            "Attainment by party",
            "Bar chart of each party's OLA attainment and the end-to-end SLA attainment of the "
            "tickets it held in the month, in percent.",
            values,
        ),
        "width": WIDTH,
        "height": {"step": 12},
        "mark": "bar",
        "encoding": {
            "y": {"field": "party", "type": "nominal", "title": "Party", "sort": None},
            "yOffset": {"field": "measure"},
            "x": {
                "field": "percent",
                "type": "quantitative",
                "title": "Attainment (%)",
                "scale": {"domain": [0, 100]},
            },
            "color": {"field": "measure", "type": "nominal", "title": None},
        },
    }
