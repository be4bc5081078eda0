"""Shared goals: a key result's value from an event log, its progress, and who contributes.

A metric-bound key result is never typed: its value is what the engine measures over the
tickets in its scope (a business service, a party) and its window, with the same functions the
report and the live tickets use (`core.clocks.evaluate_clocks`, `core.collaboration`). Tickets
of one scope may run on different calendars and targets, so the input is a sequence of
:class:`ClockGroup` — events that share a calendar and a clock policy — evaluated together
(:func:`evaluate_groups`: one engine call for the groups that differ only by their targets) and
read together.

A ticket counts in the window in which its clock last stopped (SLA/OLA attainment, time to
restore); a hand-off in the window in which it was taken; ping-pong over the tickets that opened
in the window. Time is passed in (`now`): a window that has not ended yet is read as at `now`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Literal

import polars as pl

from podium.core.clocks import BusinessTime, ClockPolicy, ClockResult, evaluate_clocks
from podium.core.clocks.business_time import UTC_DATETIME, WallClockTime
from podium.core.collaboration import handover_events, ping_pong, time_in_hands
from podium.core.eventlog import EventLog

MetricKind = Literal[
    "sla_attainment",
    "time_to_restore",
    "ping_pong_share",
    "handoff_delay",
    "ola_attainment",
    "trust_index",
]
Direction = Literal["increase", "decrease"]

METRIC_UNITS: dict[str, str] = {
    "sla_attainment": "%",
    "time_to_restore": "h",
    "ping_pong_share": "%",
    "handoff_delay": "h",
    "ola_attainment": "%",
    "trust_index": "",
}
PARTY_METRICS = frozenset({"ola_attainment"})
"""Metrics that need a party in their scope."""
UNMEASURED_METRICS = frozenset({"trust_index"})
"""Metrics not read from tickets: the trust index is read from the relationship surveys
(:func:`trust_measurement`)."""
NO_SURVEY_RESULTS = "no survey results yet"


class GoalError(ValueError):
    """A key result or a metric question that cannot be answered as written."""


@dataclass(frozen=True, slots=True)
class ClockGroup:
    """Events of tickets that share a calendar and a clock policy."""

    log: EventLog
    calendar: BusinessTime
    policy: ClockPolicy


def held_by(groups: Sequence[ClockGroup], party: str) -> list[ClockGroup]:
    """The groups narrowed to the cases `party` took part in (an event of it), empty groups
    dropped. A party's own figures — its scorecard, its breaches, its hand-offs and bounces —
    read only such cases (every clock and hand-off is a case's own), so they come out the same
    from the narrowed groups, read in a fraction of the time.

    >>> import datetime as dt
    >>> from podium.core.clocks import WallClockTime
    >>> t = dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC)
    >>> log = EventLog.from_frame(pl.DataFrame({"case_id": ["a", "b"], "activity": ["x", "x"],
    ...     "party": ["X", "Y"], "timestamp": [t, t]}))
    >>> [g.log.frame["case_id"].to_list() for g in held_by([ClockGroup(log, WallClockTime(), ClockPolicy())], "X")]
    [['a']]
    """
    narrowed = []
    for group in groups:
        frame = group.log.frame
        cases = frame.filter(pl.col("party") == party).select("case_id").unique()
        if not cases.height:
            continue
        kept = frame.join(cases, on="case_id", how="semi", maintain_order="left")
        log = EventLog.from_frame(kept, group.log.source, assume_sorted=True)
        narrowed.append(ClockGroup(log, group.calendar, group.policy))
    return narrowed


def combined_log(groups: Sequence[ClockGroup]) -> EventLog:
    """Every group's events as one log, for what does not depend on the clock policy (hand-offs,
    bounces): one engine call instead of one per group. A ticket is in one group only, so its
    events stay together and in order.

    >>> import datetime as dt
    >>> from podium.core.clocks import WallClockTime
    >>> t = dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC)
    >>> def log(case): return EventLog.from_frame(pl.DataFrame({"case_id": [case],
    ...     "activity": ["x"], "party": ["X"], "timestamp": [t]}))
    >>> groups = [ClockGroup(log(c), WallClockTime(), ClockPolicy()) for c in ("a", "b")]
    >>> combined_log(groups).frame["case_id"].to_list()
    ['a', 'b']
    """
    frames = [group.log.frame for group in groups if group.log.frame.height]
    if not frames:
        return EventLog.from_frame(
            pl.DataFrame(
                {"case_id": [], "timestamp": [], "activity": []},
                schema={"case_id": pl.String, "timestamp": UTC_DATETIME, "activity": pl.String},
            )
        )
    return EventLog.from_frame(pl.concat(frames, how="diagonal_relaxed"), assume_sorted=True)


@dataclass(frozen=True, slots=True)
class Window:
    """The half-open period [start, end) a key result is measured over (UTC instants)."""

    start: dt.datetime
    end: dt.datetime

    def __post_init__(self) -> None:
        if self.start.tzinfo is None or self.end.tzinfo is None:
            raise GoalError("a window's start and end must be timezone-aware")
        if self.end <= self.start:
            raise GoalError("a window ends after it starts")

    def as_of(self, now: dt.datetime) -> dt.datetime:
        """The instant the window is read at: its end, or `now` while it runs."""
        return min(self.end, now)


@dataclass(frozen=True, slots=True)
class Measurement:
    """A metric's value (None when nothing in scope could be measured), how many tickets or
    hand-offs it is read from, and why it is empty when it is."""

    value: float | None
    basis: int
    note: str = ""


@dataclass(frozen=True, slots=True)
class Contribution:
    """One party's part in a key result: seconds (business time in hands, or hand-off delay)
    and its share of the whole in percent."""

    party: str
    seconds: float
    share: float


def key_result_problem(baseline: float, target: float, direction: Direction) -> str | None:
    """Why baseline, target and direction do not make a key result, or None.

    >>> key_result_problem(80, 95, "increase") is None
    True
    >>> key_result_problem(80, 95, "decrease")
    'to decrease, the target must be below the baseline'
    """
    if direction not in ("increase", "decrease"):
        return f"direction must be 'increase' or 'decrease', not {direction!r}"
    if direction == "increase" and target <= baseline:
        return "to increase, the target must be above the baseline"
    if direction == "decrease" and target >= baseline:
        return "to decrease, the target must be below the baseline"
    return None


def progress(baseline: float, target: float, value: float, direction: Direction) -> float:
    """How far `value` has come from the baseline to the target, 0–100 (held in that range).

    >>> progress(80, 95, 89, "increase")
    60.0
    >>> progress(10, 4, 7, "decrease")
    50.0
    >>> progress(10, 4, 12, "decrease")
    0.0
    """
    problem = key_result_problem(baseline, target, direction)
    if problem is not None:
        raise GoalError(problem)
    share = (value - baseline) / (target - baseline)
    return round(100.0 * min(1.0, max(0.0, share)), 1)


def evaluate_groups(groups: Sequence[ClockGroup], *, as_of: dt.datetime) -> list[ClockResult]:
    """The clocks of every group's tickets as known at `as_of`, evaluated once for the readers
    that share them (a monthly review's breaches and service credits, a scorecard's month).

    Groups that differ only by their parties' (OLA) targets and by their tickets' own targets
    (one calendar, the same pause and stop rules: most groups of a month's tickets) are
    evaluated in one engine call, each party named with its group's number while it runs so
    that it keeps its group's target: the same rows as one call per group, at the fixed cost
    of one call. So there is one result per such set of groups, not one per group: the
    readers sum over them (every row is a ticket's own: a ticket is in one group).

    >>> import datetime as dt
    >>> from podium.core.clocks import WallClockTime
    >>> t = dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC)
    >>> log = EventLog.from_frame(pl.DataFrame({"case_id": ["a", "a"],
    ...     "activity": ["open", "Resolved"], "party": ["X", "X"], "timestamp": [t, t + dt.timedelta(hours=3)]}))
    >>> [r.cases["elapsed_seconds"].to_list() for r in evaluate_groups(
    ...     [ClockGroup(log, WallClockTime(), ClockPolicy())], as_of=t + dt.timedelta(days=1))]
    [[10800.0]]
    """
    results = []
    for members in _fusable(groups):
        if len(members) == 1:
            group = groups[members[0]]
            results.append(evaluate_clocks(group.log, group.calendar, group.policy, as_of=as_of))
        else:
            results.append(_evaluate_fused([groups[i] for i in members], as_of))
    return results


_TAG = "\x1f"
"""Between a group's number and a party's name in a fused log (a name never holds it)."""


def _fusable(groups: Sequence[ClockGroup]) -> list[list[int]]:
    """The groups' positions, in sets that one engine call can evaluate: the same calendar
    (the same object, or both around the clock), the same policy but for the party targets
    and the targets per label, no label with two targets, and the same columns."""
    sets: list[tuple[ClockGroup, dict[str, float], list[int]]] = []
    for index, group in enumerate(groups):
        rest = replace(group.policy, party_targets={}, targets={})
        for first, targets, members in sets:
            if (
                _same_calendar(first.calendar, group.calendar)
                and replace(first.policy, party_targets={}, targets={}) == rest
                and all(targets.get(k, v) == v for k, v in group.policy.targets.items())
                and first.log.frame.columns == group.log.frame.columns
            ):
                targets.update(group.policy.targets)
                members.append(index)
                break
        else:
            sets.append((group, dict(group.policy.targets), [index]))
    return [members for _, _, members in sets]


def _same_calendar(a: BusinessTime, b: BusinessTime) -> bool:
    return a is b or (type(a) is WallClockTime and type(b) is WallClockTime)


def _evaluate_fused(parts: Sequence[ClockGroup], as_of: dt.datetime) -> ClockResult:
    """One engine call over the groups' events, each party named with its group's number so
    that it keeps its group's target (a ticket is in one group: its parties all carry the
    same number, so its hand-offs and holders are its own), the names restored after."""
    frames = []
    party_targets: dict[str, float] = {}
    targets: dict[str, float] = {}
    for number, group in enumerate(parts):
        tag = f"{number}{_TAG}"
        frame = group.log.frame
        if "party" in frame.columns:
            frame = frame.with_columns((pl.lit(tag) + pl.col("party")).alias("party"))
        frames.append(frame)
        party_targets.update({tag + p: t for p, t in group.policy.party_targets.items()})
        targets.update(group.policy.targets)
    log = EventLog.from_frame(pl.concat(frames, how="vertical_relaxed"), assume_sorted=True)
    policy = replace(parts[0].policy, party_targets=party_targets, targets=targets)
    fused = evaluate_clocks(log, parts[0].calendar, policy, as_of=as_of)
    untagged = pl.col("party").str.replace(f"^[0-9]+{_TAG}", "")
    return replace(
        fused,
        segments=fused.segments.with_columns(untagged),
        parties=fused.parties.with_columns(untagged),
    )


def _stopped_in(result: ClockResult, window: Window) -> pl.DataFrame:
    """case_id and stopped_at of the cases whose clock last stopped inside the window."""
    stops = result.segments.group_by("case_id").agg(pl.col("end").max().alias("stopped_at"))
    start = pl.lit(window.start, dtype=UTC_DATETIME)
    end = pl.lit(window.end, dtype=UTC_DATETIME)
    return (
        result.cases.filter(pl.col("state") == "stopped")
        .select("case_id")
        .join(stops, on="case_id", how="inner")
        .filter((pl.col("stopped_at") >= start) & (pl.col("stopped_at") < end))
    )


def _opened_in(log: EventLog, window: Window) -> EventLog:
    first = log.frame.group_by("case_id").agg(pl.col("timestamp").min().alias("opened"))
    start = pl.lit(window.start, dtype=UTC_DATETIME)
    end = pl.lit(window.end, dtype=UTC_DATETIME)
    keep = first.filter((pl.col("opened") >= start) & (pl.col("opened") < end))["case_id"]
    return EventLog(frame=log.frame.filter(pl.col("case_id").is_in(keep.implode())))


def _share(met: int, total: int) -> Measurement:
    if not total:
        return Measurement(None, 0, "no ticket in scope stopped its clock in the window")
    return Measurement(round(100.0 * met / total, 2), total)


def measure(
    kind: MetricKind,
    groups: Sequence[ClockGroup],
    window: Window,
    *,
    now: dt.datetime,
    party: str | None = None,
) -> Measurement:
    """The value of metric `kind` over the groups' tickets in `window`, read at `now`.

    - ``sla_attainment``: percent of the tickets whose end-to-end clock stopped in the window
      without a breach;
    - ``ola_attainment``: the same for `party`'s own clock, over the tickets it held;
    - ``time_to_restore``: the median business hours on the end-to-end clock of those tickets;
    - ``ping_pong_share``: percent of the tickets opened in the window that bounced back
      directly (A → B → A);
    - ``handoff_delay``: the median hours between a hand-off and its taking over (to `party`
      when one is named);
    - ``trust_index``: not read from tickets (see :func:`trust_measurement`).

    >>> import datetime as dt
    >>> from podium.core.clocks import WallClockTime
    >>> t = dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC)
    >>> log = EventLog.from_frame(pl.DataFrame({"case_id": ["a", "a", "b", "b"],
    ...     "activity": ["open", "Resolved", "open", "Resolved"], "party": ["X", "X", "X", "Y"],
    ...     "timestamp": [t, t + dt.timedelta(hours=1), t, t + dt.timedelta(hours=3)]}))
    >>> group = ClockGroup(log, WallClockTime(), ClockPolicy(default_target_seconds=7200.0))
    >>> march = Window(dt.datetime(2026, 3, 1, tzinfo=dt.UTC), dt.datetime(2026, 4, 1, tzinfo=dt.UTC))
    >>> measure("sla_attainment", [group], march, now=march.end)
    Measurement(value=50.0, basis=2, note='')
    >>> measure("time_to_restore", [group], march, now=march.end).value
    2.0
    >>> measure("trust_index", [group], march, now=march.end).note
    'no survey results yet'
    """
    if kind in UNMEASURED_METRICS:
        return Measurement(None, 0, NO_SURVEY_RESULTS)
    if kind in PARTY_METRICS and not party:
        raise GoalError(f"{kind} is measured for a party: name one")
    if now.tzinfo is None:
        raise GoalError("`now` must be timezone-aware")
    as_of = window.as_of(now)
    if kind == "ping_pong_share":
        cases = bounced = 0
        for group in groups:
            found = ping_pong(_opened_in(group.log, window))
            cases += found.cases
            bounced += found.cases_with_ping_pong
        if not cases:
            return Measurement(None, 0, "no ticket in scope opened in the window")
        return Measurement(round(100.0 * bounced / cases, 2), cases)
    if kind == "handoff_delay":
        delays = pl.concat(
            [_handoffs_in(g.log, window, as_of, party)["delay_seconds"] for g in groups]
            or [pl.Series("delay_seconds", [], dtype=pl.Float64)]
        )
        if not delays.len():
            return Measurement(None, 0, "no hand-off in scope in the window")
        return Measurement(round(float(delays.median()) / 3600.0, 2), delays.len())  # type: ignore[arg-type]
    met = total = 0
    elapsed: list[float] = []
    for result in evaluate_groups(groups, as_of=as_of):
        stopped = _stopped_in(result, window)
        if kind == "ola_attainment":
            rows = result.parties.filter(pl.col("party") == party).join(
                stopped, on="case_id", how="semi"
            )
        else:
            rows = result.cases.join(stopped, on="case_id", how="semi")
        total += rows.height
        met += rows.filter(~pl.col("breached")).height
        elapsed += rows["elapsed_seconds"].to_list()
    if kind == "time_to_restore":
        if not elapsed:
            return Measurement(None, 0, "no ticket in scope stopped its clock in the window")
        median = float(pl.Series(elapsed).median())  # type: ignore[arg-type]
        return Measurement(round(median / 3600.0, 2), len(elapsed))
    return _share(met, total)


def trust_measurement(reading: tuple[float, int] | None) -> Measurement:
    """A trust index key result's value from the surveys' reading (the overall score 1–5 and
    its respondents), or none when no wave closed yet or too few answered to show it.

    >>> trust_measurement((3.84, 27))
    Measurement(value=3.84, basis=27, note='')
    >>> trust_measurement(None).note
    'no survey results yet'
    """
    if reading is None:
        return Measurement(None, 0, NO_SURVEY_RESULTS)
    score, respondents = reading
    return Measurement(round(score, 2), respondents)


def _handoffs_in(
    log: EventLog, window: Window, as_of: dt.datetime, party: str | None
) -> pl.DataFrame:
    start = pl.lit(window.start, dtype=UTC_DATETIME)
    end = pl.lit(min(window.end, as_of), dtype=UTC_DATETIME)
    found = handover_events(log).filter((pl.col("at") >= start) & (pl.col("at") < end))
    return found.filter(pl.col("target") == party) if party else found


def contributions(
    kind: MetricKind,
    groups: Sequence[ClockGroup],
    window: Window,
    *,
    now: dt.datetime,
    party: str | None = None,
) -> list[Contribution]:
    """Which parties take part in what keeps the key result from its target, and how much.

    For clock metrics: business time in hands on the tickets of the window that breached (for
    time to restore: on every ticket of the window); for ping-pong: time in hands on the tickets
    that bounced; for hand-off delay: the delay each receiving party took. Most first.

    >>> import datetime as dt
    >>> from podium.core.clocks import WallClockTime
    >>> t = dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC)
    >>> log = EventLog.from_frame(pl.DataFrame({"case_id": ["b", "b", "b"],
    ...     "activity": ["open", "work", "Resolved"], "party": ["X", "Y", "Y"],
    ...     "timestamp": [t, t + dt.timedelta(hours=1), t + dt.timedelta(hours=4)]}))
    >>> group = ClockGroup(log, WallClockTime(), ClockPolicy(default_target_seconds=7200.0))
    >>> march = Window(dt.datetime(2026, 3, 1, tzinfo=dt.UTC), dt.datetime(2026, 4, 1, tzinfo=dt.UTC))
    >>> [(c.party, c.seconds, c.share) for c in contributions("sla_attainment", [group], march,
    ...     now=march.end)]
    [('Y', 10800.0, 75.0), ('X', 3600.0, 25.0)]
    """
    if kind in UNMEASURED_METRICS:
        return []
    as_of = window.as_of(now)
    totals: dict[str, float] = {}
    for group in groups:
        if kind == "handoff_delay":
            found = _handoffs_in(group.log, window, as_of, party)
            for target, seconds in (
                found.group_by("target").agg(pl.col("delay_seconds").sum()).rows()
            ):
                totals[target] = totals.get(target, 0.0) + float(seconds)
            continue
        if kind == "ping_pong_share":
            opened = _opened_in(group.log, window)
            cases = ping_pong(opened).events["case_id"].unique()
        else:
            result = evaluate_clocks(group.log, group.calendar, group.policy, as_of=as_of)
            stopped = _stopped_in(result, window)
            if kind == "time_to_restore":
                cases = stopped["case_id"]
            elif kind == "ola_attainment":
                cases = result.parties.filter((pl.col("party") == party) & pl.col("breached")).join(
                    stopped, on="case_id", how="semi"
                )["case_id"]
            else:
                cases = result.cases.filter(pl.col("breached")).join(
                    stopped, on="case_id", how="semi"
                )["case_id"]
        if not cases.len():
            continue
        chosen = EventLog(frame=group.log.frame.filter(pl.col("case_id").is_in(cases.implode())))
        for who, seconds in (
            time_in_hands(chosen, group.calendar).per_party.select("party", "total_seconds").rows()
        ):
            totals[who] = totals.get(who, 0.0) + float(seconds)
    whole = sum(totals.values())
    return [
        Contribution(who, round(seconds, 1), round(100.0 * seconds / whole, 1) if whole else 0.0)
        for who, seconds in sorted(totals.items(), key=lambda item: (-item[1], item[0]))
    ]


def history_chart_spec(
    points: Sequence[tuple[dt.datetime, float]],
    *,
    title: str,
    baseline: float,
    target: float,
    unit: str,
) -> dict[str, object]:
    """A Vega-Lite line chart of a key result's check-ins, with its baseline and target as
    rules (rendered to inline SVG by `core.reports.render_svg`).

    >>> t = dt.datetime(2026, 1, 5, tzinfo=dt.UTC)
    >>> spec = history_chart_spec([(t, 81.0)], title="SLA", baseline=80, target=95, unit="%")
    >>> spec["layer"][0]["data"]["values"]
    [{'at': '2026-01-05T00:00:00+00:00', 'value': 81.0}]
    """
    label = f"value ({unit})" if unit else "value"
    values = [{"at": at.isoformat(), "value": value} for at, value in points]
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "description": f"{title}: check-ins against the baseline and the target",
        "width": 520,
        "height": 180,
        "layer": [
            {
                "data": {"values": values},
                "mark": {"type": "line", "point": True},
                "encoding": {
                    "x": {"field": "at", "type": "temporal", "title": "check-in"},
                    "y": {"field": "value", "type": "quantitative", "title": label},
                },
            },
            {
                "data": {
                    "values": [
                        {"line": "baseline", "value": baseline},
                        {"line": "target", "value": target},
                    ]
                },
                "mark": {"type": "rule", "strokeDash": [4, 4]},
                "encoding": {
                    "y": {"field": "value", "type": "quantitative"},
                    "color": {"field": "line", "type": "nominal", "title": None},
                },
            },
        ],
    }


def standing(progress_percent: float | None, confidence: int | None, elapsed_share: float) -> str:
    """On track, at risk or off track: progress against how much of the period has gone, and
    the owner's confidence (a confidence of 3 or less is off track whatever the figures).

    >>> standing(60.0, 7, 0.5)
    'on_track'
    >>> standing(30.0, 6, 0.5)
    'at_risk'
    >>> standing(None, None, 0.5)
    'not_measured'
    """
    if progress_percent is None:
        return "not_measured"
    if confidence is not None and confidence <= 3:
        return "off_track"
    expected = 100.0 * min(1.0, max(0.0, elapsed_share))
    if progress_percent >= expected - 10:
        return "on_track"
    if progress_percent >= expected / 2 or (confidence or 0) >= 7:
        return "at_risk"
    return "off_track"
