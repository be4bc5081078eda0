"""A balanced scorecard per party over a period, the same figures for every party so that
parties can be compared, and period after period so that a trend shows.

Four dimensions: **delivery** (its OLA attainment, and the end-to-end SLA attainment of the
tickets it held), **collaboration** (hand-offs to it taken over promptly, the bounces it caused,
its median response to other parties' hand-offs), **relationship** (how the others rate it in
the relationship surveys, and the kudos it received; both given by the caller from the trust
context) and **shared goals** (its share of what keeps the key results from their targets,
given by the caller from the stored contributions).

Every figure is read from event-log frames with the engine's functions (`core.clocks`,
`core.collaboration`), for all parties in one pass per group; `now` is passed in.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import polars as pl

from podium.core.clocks.business_time import UTC_DATETIME
from podium.core.collaboration import bounce_events, handover_events
from podium.core.eventlog import EventLog
from podium.core.goals import NO_SURVEY_RESULTS, ClockGroup, Window, combined_log, evaluate_groups

PROMPT_SECONDS = 3600.0
"""A hand-off taken over within an hour counts as taken promptly."""


@dataclass(frozen=True, slots=True)
class Scorecard:
    """One party's figures over one window; None where nothing could be measured."""

    party: str
    ola_attainment: float | None
    sla_attainment: float | None
    tickets: int
    prompt_handoffs: float | None
    handoffs_taken: int
    bounces_caused: int
    response_hours: float | None
    relationship: float | None
    relationship_note: str
    shared_goal_share: float | None
    kudos_received: int = 0


def _percent(met: int, total: int) -> float | None:
    return round(100.0 * met / total, 1) if total else None


def scorecards(
    groups: Sequence[ClockGroup],
    window: Window,
    *,
    now: dt.datetime,
    parties: Iterable[str],
    shared_goal_shares: Mapping[str, float] | None = None,
    relationships: Mapping[str, float] | None = None,
    kudos_received: Mapping[str, int] | None = None,
) -> dict[str, Scorecard]:
    """Every named party's scorecard over `window`, read at `now` (or the window's end).

    `relationships` is the trust index (1–5) each party received in the survey wave that
    counts for the window (a party absent: none to show, or too few respondents);
    `kudos_received` the kudos each received in the window.

    >>> import datetime as dt
    >>> from podium.core.clocks import ClockPolicy, WallClockTime
    >>> from podium.core.eventlog import EventLog
    >>> t = dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC)
    >>> hours = [0, 1, 2.5, 4]
    >>> log = EventLog.from_frame(pl.DataFrame({"case_id": ["a"] * 4,
    ...     "activity": ["open", "work", "work", "Resolved"], "party": ["X", "Y", "X", "X"],
    ...     "timestamp": [t + dt.timedelta(hours=h) for h in hours]}))
    >>> group = ClockGroup(log, WallClockTime(), ClockPolicy(default_target_seconds=7200.0))
    >>> march = Window(dt.datetime(2026, 3, 1, tzinfo=dt.UTC), dt.datetime(2026, 4, 1, tzinfo=dt.UTC))
    >>> card = scorecards([group], march, now=march.end, parties=["X", "Y"])["Y"]
    >>> card.ola_attainment, card.sla_attainment, card.bounces_caused, card.response_hours
    (100.0, 0.0, 1, 1.0)
    >>> card.relationship_note
    'no survey results yet'
    >>> card = scorecards([group], march, now=march.end, parties=["X"], relationships={"X": 3.8},
    ...     kudos_received={"X": 2})["X"]
    >>> card.relationship, card.relationship_note, card.kudos_received
    (3.8, '', 2)
    """
    wanted = list(dict.fromkeys(parties))
    as_of = window.as_of(now)
    start = pl.lit(window.start, dtype=UTC_DATETIME)
    end = pl.lit(min(window.end, as_of), dtype=UTC_DATETIME)
    delivery = _Delivery(wanted)
    for result in evaluate_groups(groups, as_of=as_of):
        stops = result.segments.group_by("case_id").agg(pl.col("end").max().alias("stopped_at"))
        stopped = (
            result.cases.filter(pl.col("state") == "stopped")
            .join(stops, on="case_id")
            .filter((pl.col("stopped_at") >= start) & (pl.col("stopped_at") < end))
            .select("case_id", pl.col("breached").alias("case_breached"))
        )
        held = result.parties.join(stopped, on="case_id", how="inner")
        for party, breached, case_breached in held.select(
            "party", "breached", "case_breached"
        ).rows():
            delivery.count(party, breached, case_breached)
    return _cards(
        delivery,
        combined_log(groups),
        window,
        as_of,
        shared_goal_shares=shared_goal_shares,
        relationships=relationships,
        kudos_received=kudos_received,
    )


Verdict = tuple[dt.datetime, bool, Sequence[tuple[str, bool]]]
"""A stopped ticket's clock verdict as the live path keeps it: when its clock stopped, whether
it breached end to end, and each party's clock on it (the party, whether it breached)."""


def scorecards_from_verdicts(
    verdicts: Iterable[Verdict],
    log: EventLog,
    window: Window,
    *,
    now: dt.datetime,
    parties: Iterable[str],
    shared_goal_shares: Mapping[str, float] | None = None,
    relationships: Mapping[str, float] | None = None,
    kudos_received: Mapping[str, int] | None = None,
) -> dict[str, Scorecard]:
    """The scorecards of :func:`scorecards` from the verdicts the live path keeps on each
    ticket whose clock stopped (its clocks are final then: the engine over its events gives
    the same), and the hand-offs and bounces from `log`, the tickets' events (no clock policy
    needed). A ticket whose clock stopped and ran again counts in the window of its last
    stop only (the engine, reading a past window as of its end, counts it at each stop).

    >>> t = dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC)
    >>> log = EventLog.from_frame(pl.DataFrame({"case_id": ["a"] * 4,
    ...     "activity": ["open", "work", "work", "Resolved"], "party": ["X", "Y", "X", "X"],
    ...     "timestamp": [t + dt.timedelta(hours=h) for h in [0, 1, 2.5, 4]]}))
    >>> march = Window(dt.datetime(2026, 3, 1, tzinfo=dt.UTC), dt.datetime(2026, 4, 1, tzinfo=dt.UTC))
    >>> verdicts = [(t + dt.timedelta(hours=4), True, [("X", True), ("Y", False)])]
    >>> card = scorecards_from_verdicts(verdicts, log, march, now=march.end, parties=["X", "Y"])["Y"]
    >>> card.ola_attainment, card.sla_attainment, card.bounces_caused, card.response_hours
    (100.0, 0.0, 1, 1.0)
    """
    wanted = list(dict.fromkeys(parties))
    as_of = window.as_of(now)
    end = min(window.end, as_of)
    delivery = _Delivery(wanted)
    for stopped_at, case_breached, clocks in verdicts:
        if window.start <= stopped_at < end:
            for party, breached in clocks:
                delivery.count(party, breached, case_breached)
    return _cards(
        delivery,
        log,
        window,
        as_of,
        shared_goal_shares=shared_goal_shares,
        relationships=relationships,
        kudos_received=kudos_received,
    )


class _Delivery:
    """Per party: its clocks met of those counted (OLA), and the tickets met end to end (SLA)."""

    def __init__(self, parties: Sequence[str]) -> None:
        self.ola: dict[str, list[int]] = {p: [0, 0] for p in parties}
        self.sla: dict[str, list[int]] = {p: [0, 0] for p in parties}

    def count(self, party: str, breached: bool, case_breached: bool) -> None:
        if party in self.ola:
            self.ola[party][1] += 1
            self.ola[party][0] += 0 if breached else 1
            self.sla[party][1] += 1
            self.sla[party][0] += 0 if case_breached else 1


def _cards(
    delivery: _Delivery,
    log: EventLog,
    window: Window,
    as_of: dt.datetime,
    *,
    shared_goal_shares: Mapping[str, float] | None,
    relationships: Mapping[str, float] | None,
    kudos_received: Mapping[str, int] | None,
) -> dict[str, Scorecard]:
    wanted = list(delivery.ola)
    start = pl.lit(window.start, dtype=UTC_DATETIME)
    end = pl.lit(min(window.end, as_of), dtype=UTC_DATETIME)
    taken: dict[str, list[float]] = {p: [] for p in wanted}
    bounces: dict[str, int] = dict.fromkeys(wanted, 0)
    # hand-offs and bounces do not depend on the clock policy: one pass over every event
    handoffs = handover_events(log).filter((pl.col("at") >= start) & (pl.col("at") < end))
    for target, delay in handoffs.select("target", "delay_seconds").rows():
        if target in taken:
            taken[target].append(float(delay))
    bounced = bounce_events(log).filter((pl.col("at") >= start) & (pl.col("at") < end))
    for party_a, party_b, returned_to in bounced.select("party_a", "party_b", "returned_to").rows():
        # A → B → A: B sent it back, so B caused the bounce
        causer = party_b if returned_to == party_a else party_a
        if causer in bounces:
            bounces[causer] += 1
    shares = shared_goal_shares or {}
    rated = relationships or {}
    thanked = kudos_received or {}
    cards = {}
    for party in wanted:
        delays = taken[party]
        ola, sla = delivery.ola[party], delivery.sla[party]
        median = float(pl.Series(delays).median()) / 3600.0 if delays else None  # type: ignore[arg-type]
        cards[party] = Scorecard(
            party=party,
            ola_attainment=_percent(*ola),
            sla_attainment=_percent(*sla),
            tickets=ola[1],
            prompt_handoffs=_percent(sum(d <= PROMPT_SECONDS for d in delays), len(delays)),
            handoffs_taken=len(delays),
            bounces_caused=bounces[party],
            response_hours=round(median, 2) if median is not None else None,
            relationship=rated.get(party),
            relationship_note="" if party in rated else NO_SURVEY_RESULTS,
            shared_goal_share=shares.get(party),
            kudos_received=thanked.get(party, 0),
        )
    return cards


def month_windows(month: dt.date, count: int) -> list[Window]:
    """The window of `month` and of the `count - 1` months before it, oldest first.

    >>> [w.start.date().isoformat() for w in month_windows(dt.date(2026, 2, 1), 3)]
    ['2025-12-01', '2026-01-01', '2026-02-01']
    """
    first = month.replace(day=1)
    windows = []
    for back in range(count - 1, -1, -1):
        index = first.year * 12 + first.month - 1 - back
        start = dt.date(index // 12, index % 12 + 1, 1)
        after = dt.date((index + 1) // 12, (index + 1) % 12 + 1, 1)
        windows.append(
            Window(
                dt.datetime.combine(start, dt.time(), tzinfo=dt.UTC),
                dt.datetime.combine(after, dt.time(), tzinfo=dt.UTC),
            )
        )
    return windows


def trend(values: Sequence[float | None], higher_is_better: bool = True) -> str:
    """ "up", "down" or "flat": the last value against the mean of the earlier ones ("" when
    either is missing); "up" always means better.

    >>> trend([80.0, 90.0, 95.0])
    'up'
    >>> trend([2.0, 1.0, 3.0], higher_is_better=False)
    'down'
    >>> trend([None, 90.0])
    ''
    """
    if not values or values[-1] is None:
        return ""
    earlier = [v for v in values[:-1] if v is not None]
    if not earlier:
        return ""
    mean = sum(earlier) / len(earlier)
    change = values[-1] - mean
    if abs(change) < 1e-9 or (mean and abs(change) / abs(mean) < 0.02):
        return "flat"
    better = change > 0 if higher_is_better else change < 0
    return "up" if better else "down"
